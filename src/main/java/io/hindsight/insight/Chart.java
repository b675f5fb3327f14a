package io.hindsight.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A bar chart laid out for an inline SVG: every rectangle, tick and label with its coordinates, so that the template
 * only writes elements (and escapes every text). Columns run along the x-axis (one per month) or rows down the y-axis
 * (one per factor, tag or checklist); the series of a category are stacked or side by side.
 */
public final class Chart {

    static final int WIDTH = 720;
    private static final int COLUMN_HEIGHT = 280;
    private static final int ROW_HEIGHT = 26;
    private static final int TOP = 16;
    private static final int RIGHT = 24;
    private static final int COLUMN_LEFT = 64;
    private static final int COLUMN_BOTTOM = 56;
    private static final int ROW_LEFT = 210;
    private static final int ROW_BOTTOM = 48;
    private static final int ROW_LABEL_CHARS = 30;

    /** A series: its name in the legend and its fill (a colour with at least 3:1 contrast on white). */
    public record Series(String name, String colour) {
    }

    public record Bar(String x, String y, String width, String height, String colour, String tooltip) {
    }

    public record Tick(String x, String y, String label, String lineX1, String lineY1, String lineX2, String lineY2) {
    }

    public record Text(String x, String y, String text) {
    }

    public record Legend(String x, String colour, String name) {
    }

    private final String id;
    private final String title;
    private final String description;
    private final boolean rows;
    private final int height;
    private final List<Bar> bars = new ArrayList<>();
    private final List<Tick> valueTicks = new ArrayList<>();
    private final List<Text> categoryLabels = new ArrayList<>();
    private final List<Legend> legend = new ArrayList<>();
    private final Text valueAxisLabel;
    private final Text categoryAxisLabel;
    private final String plotX;
    private final String plotY;
    private final String plotRight;
    private final String plotBottom;

    /**
     * @param values values[category][series]; null is drawn as nothing (no data), unlike zero
     * @param stacked series stacked in one bar, or side by side
     * @param format how a value reads in tooltips and on the value axis
     */
    Chart(String id, String title, String description, boolean rows, List<String> categories, List<Series> series,
          Double[][] values, boolean stacked, String categoryAxis, String valueAxis, DoubleFunction<String> format) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.rows = rows;
        int n = Math.max(1, categories.size());
        this.height = rows ? TOP + n * ROW_HEIGHT + ROW_BOTTOM : COLUMN_HEIGHT;
        int left = rows ? ROW_LEFT : COLUMN_LEFT;
        int bottom = rows ? ROW_BOTTOM : COLUMN_BOTTOM;
        double plotWidth = WIDTH - left - RIGHT;
        double plotHeight = height - TOP - bottom;
        this.plotX = num(left);
        this.plotY = num(TOP);
        this.plotRight = num(WIDTH - RIGHT);
        this.plotBottom = num(height - bottom);

        double max = 0;
        for (Double[] category : values) {
            double sum = 0;
            for (Double v : category) {
                double value = v == null ? 0 : v;
                sum = stacked ? sum + value : Math.max(sum, value);
            }
            max = Math.max(max, sum);
        }
        double[] scale = niceScale(max);
        double top = scale[0];
        double step = scale[1];
        double valueLength = rows ? plotWidth : plotHeight;

        for (double v = 0; v <= top + step / 2; v += step) {
            double at = v / top * valueLength;
            String label = format.apply(v);
            if (rows) {
                String x = num(left + at);
                valueTicks.add(new Tick(x, num(height - bottom + 16), label, x, num(TOP), x, num(height - bottom)));
            } else {
                String y = num(height - bottom - at);
                valueTicks.add(new Tick(num(left - 6), num(height - bottom - at + 4), label, num(left), y, num(WIDTH - RIGHT), y));
            }
        }

        double slot = (rows ? plotHeight : plotWidth) / n;
        double band = slot * (rows ? 0.7 : 0.72);
        int labelEvery = rows ? 1 : (int) Math.ceil(n / 12.0);
        for (int c = 0; c < categories.size(); c++) {
            double slotStart = (rows ? TOP : left) + c * slot + (slot - band) / 2;
            double stackedSoFar = 0;
            int k = series.size();
            for (int s = 0; s < k; s++) {
                Double v = values[c][s];
                if (v == null || v <= 0) {
                    continue;
                }
                double length = v / top * valueLength;
                double offset = stacked ? stackedSoFar / top * valueLength : 0;
                double across = stacked ? slotStart : slotStart + s * band / k;
                double thickness = stacked ? band : band / k;
                String tooltip = categories.get(c) + " · " + series.get(s).name() + ": " + format.apply(v);
                if (rows) {
                    bars.add(new Bar(num(left + offset), num(across), num(length), num(thickness), series.get(s).colour(), tooltip));
                } else {
                    bars.add(new Bar(num(across), num(height - bottom - offset - length), num(thickness), num(length),
                            series.get(s).colour(), tooltip));
                }
                stackedSoFar += v;
            }
            if (c % labelEvery == 0) {
                String label = categories.get(c);
                if (rows) {
                    String shortLabel = label.length() > ROW_LABEL_CHARS ? label.substring(0, ROW_LABEL_CHARS - 1) + "…" : label;
                    categoryLabels.add(new Text(num(left - 8), num(TOP + c * slot + slot / 2 + 4), shortLabel));
                } else {
                    categoryLabels.add(new Text(num(left + c * slot + slot / 2), num(height - bottom + 18), label));
                }
            }
        }
        this.categoryAxisLabel = rows
                ? new Text("14", num(TOP + plotHeight / 2), categoryAxis)
                : new Text(num(left + plotWidth / 2), num(height - bottom + 38), categoryAxis);
        this.valueAxisLabel = rows
                ? new Text(num(left + plotWidth / 2), num(height - 8), valueAxis)
                : new Text("14", num(TOP + plotHeight / 2), valueAxis);
        if (series.size() > 1) {
            double x = left;
            for (Series s : series) {
                legend.add(new Legend(num(x), s.colour(), s.name()));
                x += 28 + 7.5 * s.name().length();
            }
        }
    }

    /** A round top for the value axis and a step that divides it into at most five ticks: 0–1 for an empty chart. */
    static double[] niceScale(double max) {
        if (max <= 0) {
            return new double[] {1, 1};
        }
        double rough = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            step = m * magnitude;
            if (step >= rough) {
                break;
            }
        }
        if (step < 1 && max >= 1) {
            step = 1;
        }
        return new double[] {Math.ceil(max / step) * step, step};
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public boolean rows() {
        return rows;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return height;
    }

    /** The legend sits above the plot, so the drawing grows by its line. */
    public int legendHeight() {
        return legend.isEmpty() ? 0 : 24;
    }

    public int totalHeight() {
        return height + legendHeight();
    }

    public List<Bar> bars() {
        return bars;
    }

    public List<Tick> valueTicks() {
        return valueTicks;
    }

    public List<Text> categoryLabels() {
        return categoryLabels;
    }

    public List<Legend> legend() {
        return legend;
    }

    public Text valueAxisLabel() {
        return valueAxisLabel;
    }

    public Text categoryAxisLabel() {
        return categoryAxisLabel;
    }

    public String plotX() {
        return plotX;
    }

    public String plotY() {
        return plotY;
    }

    public String plotRight() {
        return plotRight;
    }

    public String plotBottom() {
        return plotBottom;
    }
}
