/* dynamic-ids.h: the uids svcd gave DynamicUser= names, remembered across svcd restarts.
 *
 * systemd.exec(5), DynamicUser=: "each UID/GID from this range is only assigned to zero or
 * one dynamically allocated users/groups". svcd picks an id from a hash of the name and
 * probes past taken ones, so which of two colliding names gets which id depends on start
 * order. Kept only in memory, a restarted svcd could give name B the id name A had, and
 * B would then own A's StateDirectory= until A starts again. So every allocation is
 * appended to STATE_DIR/dynamic-users ("NAME ID" lines, the last line of a name wins) and
 * read back at the first allocation after a start. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Where the registry file lives (svcd's state directory); NULL: memory only. Forgets what
 * was loaded, so that the next lookup reads the new file. */
int dynamic_ids_set_state_dir(const char *dir);

/* The id remembered for name: 1 with *ret, 0 if none, -errno if the file is unreadable
 * (an unreadable registry is logged and treated as empty). */
int dynamic_ids_lookup(const char *name, uint32_t *ret);

/* Whether another name holds id. */
bool dynamic_ids_taken(uint32_t id, const char *name);

/* Remembers name -> id, in memory and in the file (a failure to write the file is logged:
 * the id then holds for this svcd's lifetime only). */
int dynamic_ids_remember(const char *name, uint32_t id);

/* Forgets name (the user database took its id meanwhile). */
void dynamic_ids_forget(const char *name);

/* Frees the memory (tests, and exit under a leak checker). */
void dynamic_ids_reset(void);
