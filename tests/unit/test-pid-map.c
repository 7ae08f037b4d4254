/* test-pid-map.c: the pid -> service index of the reaper (supervisord/pid-map.c), against a plain array as the model. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "supervisord/pid-map.h"
#include "tests/unit/test-helpers.h"

START_TEST(put_get_remove) {
        struct pid_map m = {};
        int a, b;

        ck_assert_ptr_null(pid_map_get(&m, 1));
        ck_assert_ptr_null(pid_map_remove(&m, 1));
        ck_assert_int_eq(pid_map_put(&m, 42, &a), 0);
        ck_assert_int_eq(pid_map_put(&m, 43, &b), 0);
        ck_assert_ptr_eq(pid_map_get(&m, 42), &a);
        ck_assert_ptr_eq(pid_map_get(&m, 43), &b);
        ck_assert_int_eq(pid_map_put(&m, 42, &b), 0); /* replaces */
        ck_assert_uint_eq(m.n, 2);
        ck_assert_ptr_eq(pid_map_get(&m, 42), &b);
        ck_assert_ptr_eq(pid_map_remove(&m, 42), &b);
        ck_assert_ptr_null(pid_map_get(&m, 42));
        ck_assert_ptr_eq(pid_map_get(&m, 43), &b);
        ck_assert_int_eq(pid_map_put(&m, 0, &a), -EINVAL);
        ck_assert_int_eq(pid_map_put(&m, -1, &a), -EINVAL);
        ck_assert_int_eq(pid_map_put(&m, 7, NULL), -EINVAL);
        pid_map_done(&m);
}
END_TEST

/* Random puts and removes against a model: every lookup agrees, across growth and the
 * backward shifts of deletion (dense, colliding pids included). */
START_TEST(agrees_with_a_model) {
        enum { RANGE = 5000 };
        static void *model[RANGE];
        struct pid_map m = {};
        unsigned seed = 12345;
        size_t n = 0;

        for (int step = 0; step < 200000; step++) {
                seed = seed * 1103515245 + 12345;
                pid_t pid = (pid_t) (1 + (seed >> 8) % (RANGE - 1));
                void *value = (void *) (uintptr_t) (step + 1);

                if ((seed >> 4) % 3 == 0) {
                        ck_assert_ptr_eq(pid_map_remove(&m, pid), model[pid]);
                        if (model[pid])
                                n--;
                        model[pid] = NULL;
                } else {
                        ck_assert_int_eq(pid_map_put(&m, pid, value), 0);
                        if (!model[pid])
                                n++;
                        model[pid] = value;
                }
                ck_assert_uint_eq(m.n, n);
                if (step % 997 == 0)
                        for (pid_t p = 1; p < RANGE; p++)
                                ck_assert_ptr_eq(pid_map_get(&m, p), model[p]);
        }
        ck_assert_uint_le(m.n * 2, m.cap);
        pid_map_done(&m);
}
END_TEST

int main(void) {
        Suite *s = suite_create("pid-map");
        TCase *tc = tcase_create("core");

        /* 200,000 checked steps: 7 s seen under a sanitizer on a loaded machine; room to
         * spare beyond test-helpers.c's default. */
        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, put_get_remove);
        tcase_add_test(tc, agrees_with_a_model);
        suite_add_tcase(s, tc);
        return test_run(s);
}
