/* install-changes.c: the list of links made and removed (and of errors) that an install operation records, and systemctl's words for them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/install-internal.h"
#include "libsvc/macro.h"

int install_changes_add(struct install_changes *c, int type, const char *path, const char *source) {
        struct install_change *v = reallocarray(c->v, c->n + 1, sizeof *v);
        char *p, *s = NULL;

        if (!v)
                return -ENOMEM;
        c->v = v;
        p = strdup(path);
        if (source)
                s = strdup(source);
        if (!p || (source && !s)) {
                free(p);
                free(s);
                return -ENOMEM;
        }
        c->v[c->n++] = (struct install_change) { .type = type, .path = p, .source = s };
        return type;
}

void install_changes_done(struct install_changes *c) {
        for (size_t i = 0; i < c->n; i++) {
                free(c->v[i].path);
                free(c->v[i].source);
        }
        free(c->v);
        *c = (struct install_changes) {};
}

bool install_changes_modified(const struct install_changes *c) {
        for (size_t i = 0; i < c->n; i++)
                if (c->v[i].type == INSTALL_CHANGE_SYMLINK || c->v[i].type == INSTALL_CHANGE_UNLINK)
                        return true;
        return false;
}

void install_changes_print(FILE *f, int r, const char *verb, const struct install_changes *c, bool quiet) {
        bool logged = false;

        for (size_t i = 0; i < c->n; i++) {
                const struct install_change *ch = &c->v[i];

                switch (ch->type) {
                case INSTALL_CHANGE_SYMLINK:
                        if (!quiet)
                                fprintf(f, "Created symlink %s \u2192 %s.\n", ch->path, ch->source);
                        continue;
                case INSTALL_CHANGE_UNLINK:
                        if (!quiet)
                                fprintf(f, "Removed \"%s\".\n", ch->path);
                        continue;
                case INSTALL_CHANGE_IS_MASKED:
                        if (!quiet)
                                fprintf(f, "Unit %s is masked, ignoring.\n", ch->path);
                        continue;
                case INSTALL_CHANGE_IS_DANGLING:
                        if (!quiet)
                                fprintf(f, "Unit %s is an alias to a unit that is not present, ignoring.\n", ch->path);
                        continue;
                case INSTALL_CHANGE_DESTINATION_NOT_PRESENT:
                        if (!quiet)
                                fprintf(f, "Unit %s is added as a dependency to a non-existent unit %s.\n", ch->source,
                                        ch->path);
                        continue;
                case INSTALL_CHANGE_AUXILIARY_FAILED:
                        if (!quiet)
                                fprintf(f, "Failed to enable auxiliary unit %s, ignoring.\n", ch->path);
                        continue;
                }
                /* An error: systemctl's words (install_changes_dump()). */
                logged = true;
                switch (ch->type) {
                case -EEXIST:
                        if (ch->source)
                                fprintf(f, "Failed to %s unit, file \"%s\" already exists and is a symlink to \"%s\".\n",
                                        verb, ch->path, ch->source);
                        else
                                fprintf(f, "Failed to %s unit, file \"%s\" already exists.\n", verb, ch->path);
                        break;
                case -ERFKILL:
                        fprintf(f, "Failed to %s unit, unit %s is masked.\n", verb, ch->path);
                        break;
                case -EIDRM:
                        fprintf(f, "Failed to %s %s, destination unit %s is a non-template unit.\n", verb, ch->source,
                                ch->path);
                        break;
                case -EUCLEAN:
                        fprintf(f, "Failed to %s unit, \"%s\" is not a valid unit name.\n", verb, ch->path);
                        break;
                case -ELOOP:
                        fprintf(f, "Failed to %s unit, refusing to operate on linked unit file %s.\n", verb, ch->path);
                        break;
                case -EXDEV:
                        if (ch->source)
                                fprintf(f, "Failed to %s unit, cannot alias %s as %s.\n", verb, ch->source, ch->path);
                        else
                                fprintf(f, "Failed to %s unit, invalid unit reference \"%s\".\n", verb, ch->path);
                        break;
                case -ENOENT:
                        fprintf(f, "Failed to %s unit, unit %s does not exist.\n", verb, ch->path);
                        break;
                default:
                        fprintf(f, "Failed to %s unit, file \"%s\": %s\n", verb, ch->path, strerror(-ch->type));
                }
        }
        if (r < 0 && !logged)
                fprintf(f, "Failed to %s: %s.\n", verb, strerror(-r));
}
