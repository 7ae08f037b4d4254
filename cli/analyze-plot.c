/* analyze-plot.c: analyze plot: the start-up as an SVG timeline, one bar per unit from activating to active.
 *
 * After systemd-analyze plot (src/analyze/analyze-plot.c): the same bar classes and colours
 * (activating red, active pale, deactivating dark), a unit's label beside its bar, its
 * details as the bar's <title> (a browser shows it as a tooltip). Unlike systemd's fixed
 * 100 px per second, the scale adapts so that a container's start-up of 50 ms is as
 * readable as a VM's of 50 s: the time axis is between 800 and 10000 px wide, with labelled
 * ticks every 1, 2 or 5 times a power of ten of seconds. The output is standalone SVG 1.1,
 * well-formed XML whatever the unit names hold (analyze_xml_escape()). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli/analyze.h"
#include "cli/analyze-internal.h"
#include "libsvc/macro.h"

#define ROW_HEIGHT 20.0    /* px per unit */
#define GRAPH_LEFT 20.0    /* px left of the axis' 0 */
#define GRAPH_TOP 100.0    /* px above the first row: title, subtitle, tick labels */
#define WIDTH_MIN 800.0    /* px of the axis at least ... */
#define WIDTH_MAX 10000.0  /* ... and at most, */
#define PX_PER_SEC 100.0   /* aiming at systemd's scale in between */
#define TICK_MIN_PX 60.0   /* labelled ticks at least this far apart */
#define CHAR_PX 8.0        /* a label character, roughly (14px Verdana), as systemd estimates */

static void put_utf8_replacement(FILE *f) {
        fputs("\xef\xbf\xbd", f);
}

/* The length of the valid UTF-8 sequence of an XML 1.0 Char at s, or 0. */
static size_t xml_char_length(const unsigned char *s) {
        uint32_t c;
        size_t n;

        if (s[0] < 0x80)
                return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ? 1 : 0;
        if ((s[0] & 0xe0) == 0xc0)
                n = 2, c = s[0] & 0x1f;
        else if ((s[0] & 0xf0) == 0xe0)
                n = 3, c = s[0] & 0x0f;
        else if ((s[0] & 0xf8) == 0xf0)
                n = 4, c = s[0] & 0x07;
        else
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                c = (c << 6) | (s[i] & 0x3f);
        }
        /* Overlong forms, surrogates, U+FFFE/U+FFFF and beyond U+10FFFF are no XML Char. */
        if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || (c >= 0xd800 && c <= 0xdfff) ||
            c == 0xfffe || c == 0xffff || c > 0x10ffff)
                return 0;
        return n;
}

void analyze_xml_escape(FILE *f, const char *str) {
        const unsigned char *s = (const unsigned char *) str;

        while (*s) {
                size_t n = xml_char_length(s);

                if (n == 0) {
                        put_utf8_replacement(f);
                        s++;
                        continue;
                }
                switch (*s) {
                case '&':
                        fputs("&amp;", f);
                        break;
                case '<':
                        fputs("&lt;", f);
                        break;
                case '>':
                        fputs("&gt;", f);
                        break;
                case '"':
                        fputs("&quot;", f);
                        break;
                case '\'':
                        fputs("&apos;", f);
                        break;
                default:
                        fwrite(s, 1, n, f);
                }
                s += n;
        }
}

/* One bar: a unit's times relative to start-up, clipped to the axis. */
struct plot_bar {
        struct json_object *unit;
        const char *name;
        usec_t activating, activated, deactivating, deactivated, time;
};

static int compare_bars(const void *a, const void *b) {
        const struct plot_bar *x = a, *y = b;

        if (x->activating != y->activating)
                return x->activating < y->activating ? -1 : 1;
        return strcmp(x->name, y->name);
}

static usec_t relative(usec_t t, usec_t startup) {
        return t > startup ? t - startup : 0;
}

/* systemd's limit_times_to_boot(): a start that failed is activating until it was inactive
 * again; what had not happened by the end of the axis lasts until then. */
static void clip_bar(struct plot_bar *b, usec_t end) {
        if (b->deactivated > b->activating && b->deactivated <= end && b->activated < b->activating &&
            b->deactivating < b->activating)
                b->activated = b->deactivating = b->deactivated;
        if (b->activated < b->activating || b->activated > end)
                b->activated = end;
        if (b->deactivating < b->activated || b->deactivating > end)
                b->deactivating = end;
        if (b->deactivated < b->deactivating || b->deactivated > end)
                b->deactivated = end;
}

/* The units that started since start-up and before the end of the axis, by start. */
static int collect_bars(const struct analyze_units *s, usec_t startup, usec_t end, struct plot_bar **ret,
                        size_t *ret_n) {
        size_t n = 0, total = analyze_units_size(s);
        struct plot_bar *v = calloc(MAX(total, (size_t) 1), sizeof *v);

        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < total; i++) {
                struct json_object *u = analyze_units_at(s, i);
                struct analyze_times t;

                if (!analyze_unit_times(u, startup, &t) || relative(t.activating, startup) > end)
                        continue;
                v[n] = (struct plot_bar) {
                        .unit = u,
                        .name = analyze_str(u, "Id"),
                        .activating = relative(t.activating, startup),
                        .activated = t.activated >= startup ? relative(t.activated, startup) : 0,
                        .deactivating = t.deactivating >= startup ? relative(t.deactivating, startup) : 0,
                        .deactivated = t.deactivated >= startup ? relative(t.deactivated, startup) : 0,
                        .time = t.time,
                };
                clip_bar(&v[n], end);
                n++;
        }
        qsort(v, n, sizeof *v, compare_bars);
        *ret = v;
        *ret_n = n;
        return 0;
}

struct plot {
        FILE *f;
        double scale; /* px per µs */
        double width; /* px of the axis */
};

static void plot_rect(const struct plot *p, const char *class, usec_t from, usec_t to, size_t row) {
        if (to <= from)
                return;
        fprintf(p->f, "  <rect class=\"%s\" x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\"/>\n", class,
                p->scale * (double) from, ROW_HEIGHT * (double) row, p->scale * (double) (to - from), ROW_HEIGHT - 1.0);
}

/* The axis: ticks every step (1, 2 or 5 times a power of ten, at least TICK_MIN_PX apart),
 * whole seconds stronger, each labelled in seconds. */
static void plot_axis(const struct plot *p, usec_t end, size_t rows) {
        usec_t step = USEC_PER_MSEC;
        int decimals;

        for (usec_t magnitude = USEC_PER_MSEC;; magnitude *= 10) {
                static const unsigned factors[] = { 1, 2, 5 };
                bool found = false;
                for (size_t i = 0; i < ELEMENTSOF(factors) && !found; i++) {
                        step = factors[i] * magnitude;
                        found = p->scale * (double) step >= TICK_MIN_PX;
                }
                if (found || magnitude > USEC_INFINITY / 100)
                        break;
        }
        decimals = step >= USEC_PER_SEC ? 0 : step >= 100 * USEC_PER_MSEC ? 1 : step >= 10 * USEC_PER_MSEC ? 2 : 3;
        fprintf(p->f, "  <rect class=\"box\" x=\"0\" y=\"0\" width=\"%.3f\" height=\"%.3f\"/>\n", p->width,
                ROW_HEIGHT * (double) rows);
        for (usec_t t = 0; t <= end; t += step) {
                double x = p->scale * (double) t;
                fprintf(p->f,
                        "  <line class=\"%s\" x1=\"%.3f\" y1=\"0\" x2=\"%.3f\" y2=\"%.3f\"/>\n"
                        "  <text class=\"sec\" x=\"%.3f\" y=\"-5\">%.*fs</text>\n",
                        t % USEC_PER_SEC == 0 ? "sec1" : "tick", x, x, ROW_HEIGHT * (double) rows, x, decimals,
                        (double) t / (double) USEC_PER_SEC);
                if (t > USEC_INFINITY - step)
                        break;
        }
}

static void plot_dependencies(FILE *f, struct json_object *unit) {
        static const char *const properties[] = { "After", "Before", "Requires", "Requisite", "Wants",
                                                  "BindsTo", "Conflicts", "Upholds" };

        for (size_t i = 0; i < ELEMENTSOF(properties); i++) {
                _cleanup_(analyze_names_done) struct analyze_names names = {};
                const char *const property[] = { properties[i], NULL };

                if (analyze_names_collect(unit, property, &names) < 0 || names.n == 0)
                        continue;
                fprintf(f, "\n%s:", properties[i]);
                for (size_t k = 0; k < names.n; k++) {
                        fputs("\n  ", f);
                        analyze_xml_escape(f, names.v[k]);
                }
        }
}

static void plot_unit(const struct plot *p, const struct plot_bar *b, size_t row) {
        char a[ANALYZE_TIMESPAN_MAX], c[ANALYZE_TIMESPAN_MAX], t[ANALYZE_TIMESPAN_MAX];
        double x = p->scale * (double) b->activating;
        bool right = x < p->width / 2;

        fputs("<g>\n  <title>", p->f);
        analyze_xml_escape(p->f, b->name);
        fprintf(p->f, "\nActivating: %s\nActive: %s",
                format_timespan_accuracy(a, sizeof a, b->activating, USEC_PER_MSEC),
                format_timespan_accuracy(c, sizeof c, b->activated, USEC_PER_MSEC));
        if (b->time > 0)
                fprintf(p->f, "\nTook: %s", format_timespan_accuracy(t, sizeof t, b->time, USEC_PER_MSEC));
        plot_dependencies(p->f, b->unit);
        fputs("</title>\n", p->f);
        plot_rect(p, "activating", b->activating, b->activated, row);
        plot_rect(p, "active", b->activated, b->deactivating, row);
        plot_rect(p, "deactivating", b->deactivating, b->deactivated, row);
        /* The label after the bar's start in the left half, before it in the right half. */
        fprintf(p->f, "  <text class=\"%s\" x=\"%.3f\" y=\"%.3f\">", right ? "left" : "right", x + (right ? 5.0 : -5.0),
                ROW_HEIGHT * (double) row + 14.0);
        analyze_xml_escape(p->f, b->name);
        if (b->time > 0)
                fprintf(p->f, " (%s)", t);
        fputs("</text>\n</g>\n", p->f);
}

static void plot_legend(FILE *f, double y) {
        static const struct {
                const char *class, *label;
        } entries[] = { { "activating", "Activating" }, { "active", "Active" }, { "deactivating", "Deactivating" } };

        for (size_t i = 0; i < ELEMENTSOF(entries); i++) {
                double x = GRAPH_LEFT + 150.0 * (double) i;
                fprintf(f, "<rect class=\"%s\" x=\"%.3f\" y=\"%.3f\" width=\"15\" height=\"15\"/>\n",
                        entries[i].class, x, y);
                fprintf(f, "<text class=\"left\" x=\"%.3f\" y=\"%.3f\">%s</text>\n", x + 20.0, y + 13.0,
                        entries[i].label);
        }
}

static const char style[] =
        "<defs>\n"
        "  <style type=\"text/css\">\n"
        "    <![CDATA[\n"
        "      rect              { stroke-width: 1; stroke-opacity: 0; }\n"
        "      rect.background   { fill: rgb(255,255,255); }\n"
        "      rect.activating   { fill: rgb(255,0,0); fill-opacity: 0.7; }\n"
        "      rect.active       { fill: rgb(200,150,150); fill-opacity: 0.7; }\n"
        "      rect.deactivating { fill: rgb(150,100,100); fill-opacity: 0.7; }\n"
        "      rect.box          { fill: rgb(240,240,240); stroke: rgb(192,192,192); stroke-opacity: 1; }\n"
        "      line              { stroke: rgb(224,224,224); stroke-width: 1; }\n"
        "      line.sec1         { stroke: rgb(64,64,64); }\n"
        "      text              { font-family: Verdana, Helvetica; font-size: 14px; }\n"
        "      text.left         { text-anchor: start; }\n"
        "      text.right        { text-anchor: end; }\n"
        "      text.sec          { font-size: 10px; text-anchor: middle; }\n"
        "    ]]>\n"
        "  </style>\n"
        "</defs>\n";

int analyze_plot(const struct analyze_units *s, const struct analyze_plot_options *o, FILE *f) {
        _cleanup_free_ struct plot_bar *bars = NULL;
        usec_t horizon = o->finish > 0 ? o->finish : o->now;
        usec_t end = relative(horizon, o->startup), axis;
        struct plot p = { .f = f };
        double total_width, height;
        char buf[ANALYZE_TIMESPAN_MAX];
        size_t n;
        int r;

        r = collect_bars(s, o->startup, end, &bars, &n);
        if (r < 0)
                return r;
        axis = MAX(end, USEC_PER_MSEC);
        p.scale = MAX(WIDTH_MIN / (double) axis, MIN(PX_PER_SEC / (double) USEC_PER_SEC, WIDTH_MAX / (double) axis));
        p.width = p.scale * (double) axis;
        total_width = p.width;
        for (size_t i = 0; i < n; i++) {
                /* The label: the name and " (1.234s)", give or take. */
                double x = p.scale * (double) bars[i].activating;
                double label = CHAR_PX * (double) (strlen(bars[i].name) + 12);
                if (x < p.width / 2)
                        total_width = MAX(total_width, x + 5.0 + label);
        }
        total_width += 2 * GRAPH_LEFT;
        height = GRAPH_TOP + ROW_HEIGHT * (double) n + 3 * ROW_HEIGHT + 20.0;

        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                   "<svg width=\"%.0fpx\" height=\"%.0fpx\" version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\">\n"
                   "<!-- svcctl analyze plot: the start-up of svcd. Open it in a web browser; hover over a -->\n"
                   "<!-- bar for the unit's times and dependencies.                                      -->\n",
                total_width, height);
        fputs(style, f);
        fputs("<rect class=\"background\" width=\"100%\" height=\"100%\"/>\n<text x=\"20\" y=\"30\">", f);
        analyze_xml_escape(f, o->title ?: "svcd");
        if (o->finish > 0)
                fprintf(f, "</text>\n<text x=\"20\" y=\"50\">Start-up finished in %s</text>\n",
                        format_timespan_accuracy(buf, sizeof buf, end, USEC_PER_MSEC));
        else
                fprintf(f, "</text>\n<text x=\"20\" y=\"50\">Start-up not finished yet, %s so far</text>\n",
                        format_timespan_accuracy(buf, sizeof buf, end, USEC_PER_MSEC));
        fprintf(f, "<g transform=\"translate(%.3f,%.3f)\">\n", GRAPH_LEFT, GRAPH_TOP);
        plot_axis(&p, axis, n);
        for (size_t i = 0; i < n; i++)
                plot_unit(&p, &bars[i], i);
        fputs("</g>\n", f);
        plot_legend(f, GRAPH_TOP + ROW_HEIGHT * (double) n + ROW_HEIGHT);
        fputs("</svg>\n", f);
        return ferror(f) ? -EIO : 0;
}
