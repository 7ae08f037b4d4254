/* early-boot.h: what svcd does first as PID 1 of a machine: the API file systems, the
 * hostname, the console (issue 7, "Early boot on a VM"). */
#pragma once

/* Runs before anything else in main() when svcd is PID 1. Mounts what is missing and
 * never fails the boot: what cannot be done is logged. */
void early_boot_run(void);
