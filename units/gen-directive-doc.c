/* gen-directive-doc.c: prints the directive list of svcd.unit(5) in scdoc syntax from the directive table.
 *
 * Usage: gen-directive-doc TEMPLATE.scd.in > svcd.unit.5.scd. Copies TEMPLATE and replaces
 * the line "@DIRECTIVES@" with one subsection per unit file section, each directive with
 * its support level and note, so that the manual can never disagree with `svcctl verify`. */
#include <stdio.h>
#include <string.h>

#include "units/directives.h"

static const char *section_title(const char *section) {
        if (strcmp(section, "Unit") == 0)
                return "systemd.unit(5), including Condition\\*= and Assert\\*=";
        if (strcmp(section, "Install") == 0)
                return "systemd.unit(5), read by *systemctl enable*";
        return "systemd.service(5), systemd.exec(5), systemd.kill(5), systemd.resource-control(5)";
}

/* A note is plain text; scdoc(5) reads "*" as bold and "\\" as an escape, so both are
 * escaped ("$MONITOR_*" must stay a star). */
static void print_plain(FILE *out, const char *text) {
        for (const char *c = text; *c; c++) {
                if (*c == '*' || *c == '\\')
                        fputc('\\', out);
                fputc(*c, out);
        }
}

static void print_directives(FILE *out) {
        static const char *const order[] = { "Unit", "Service", "Install" };
        size_t n;
        const struct directive *t = directive_table(&n);

        for (size_t s = 0; s < sizeof order / sizeof order[0]; s++) {
                size_t counts[3] = {};

                for (size_t i = 0; i < n; i++)
                        if (strcmp(t[i].section, order[s]) == 0)
                                counts[t[i].support]++;
                fprintf(out, "## The %s section\n\nFrom %s: %zu enforced, %zu emulated, %zu ignored.\n\n", order[s],
                        section_title(order[s]), counts[DIRECTIVE_ENFORCED], counts[DIRECTIVE_EMULATED],
                        counts[DIRECTIVE_IGNORED]);
                for (size_t i = 0; i < n; i++) {
                        if (strcmp(t[i].section, order[s]) != 0)
                                continue;
                        fprintf(out, "*%s=*\n", t[i].key);
                        if (t[i].note) {
                                fprintf(out, "\t_%s_: ", directive_support_to_string(t[i].support));
                                print_plain(out, t[i].note);
                                fputs(".\n\n", out);
                        }
                        else
                                fprintf(out, "\t_%s_.\n\n", directive_support_to_string(t[i].support));
                }
        }
}

int main(int argc, char **argv) {
        char line[4096];
        FILE *in;
        int found = 0;

        if (argc != 2) {
                fprintf(stderr, "usage: %s TEMPLATE.scd.in\n", argv[0]);
                return 2;
        }
        in = fopen(argv[1], "re");
        if (!in) {
                perror(argv[1]);
                return 1;
        }
        while (fgets(line, sizeof line, in)) {
                if (strcmp(line, "@DIRECTIVES@\n") == 0) {
                        print_directives(stdout);
                        found = 1;
                } else
                        fputs(line, stdout);
        }
        fclose(in);
        if (!found) {
                fprintf(stderr, "%s: no @DIRECTIVES@ line\n", argv[1]);
                return 1;
        }
        return fflush(stdout) == 0 ? 0 : 1;
}
