package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Line charts drawn with plain Java2D (headless): one panel per target, k on the x axis, one line
 * per method through the mean over seeds with an error bar of the mean's 95% interval over seeds.
 */
public final class Plots {
  private static final Color[] PALETTE = {
    new Color(0x555555),
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e),
    new Color(0x8c564b),
    new Color(0x17becf)
  };
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 320;

  private Plots() {}

  /** F1 against k per method. */
  public static void f1(TransferResults r, Path file) throws IOException {
    draw(r, file, "F1 on held-out target questions", CellSummary::f1, 1.0, true);
  }

  /** Adaptation seconds (the final adaptation's gradient steps) against k per adapted method. */
  public static void adaptTime(TransferResults r, Path file) throws IOException {
    draw(r, file, "adaptation wall time, s (gradient steps)", CellSummary::adaptSeconds, 0, false);
  }

  private static void draw(
      TransferResults r,
      Path file,
      String title,
      Function<CellSummary, CellSummary.Stat> metric,
      double fixedMax,
      boolean withZeroShot)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<TargetResult> targets = r.targets();
    int width = Math.max(720, PANEL_W * Math.max(1, targets.size()));
    int height = PANEL_H + 40;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(
          title + " (preset " + r.preset().name() + ", mean over seeds, 95% interval)", 10, 20);
      for (int i = 0; i < targets.size(); i++) {
        panel(g, targets.get(i), metric, fixedMax, withZeroShot, i * PANEL_W, 30);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void panel(
      Graphics2D g,
      TargetResult t,
      Function<CellSummary, CellSummary.Stat> metric,
      double fixedMax,
      boolean withZeroShot,
      int x0,
      int y0) {
    List<CellSummary> summaries = CellSummary.of(t);
    List<String> methods =
        CellSummary.methods(t).stream()
            .filter(m -> withZeroShot || !m.equals(TransferResults.ZERO_SHOT))
            .toList();
    List<Integer> shots = CellSummary.shots(t);
    double max = fixedMax;
    if (max <= 0) {
      for (CellSummary s : summaries) {
        double top = metric.apply(s).mean() + metric.apply(s).halfWidth();
        max = Double.isNaN(top) ? max : Math.max(max, top);
      }
      max = max <= 0 ? 1 : max * 1.1;
    }
    int left = x0 + 50;
    int right = x0 + PANEL_W - 130;
    int top = y0 + 25;
    int bottom = y0 + PANEL_H - 40;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString("target " + t.target(), left, y0 + 15);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      int y = bottom - (int) Math.round((bottom - top) * (v / max));
      g.setColor(new Color(0xdddddd));
      g.drawLine(left + 1, y, right, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, max >= 10 ? "%.0f" : "%.2f", v), x0 + 5, y + 4);
    }
    for (int i = 0; i < shots.size(); i++) {
      int x = xOf(i, shots.size(), left, right);
      g.drawString("k=" + shots.get(i), x - 10, bottom + 16);
    }
    for (int m = 0; m < methods.size(); m++) {
      Color color = PALETTE[m % PALETTE.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < shots.size(); i++) {
        CellSummary found = CellSummary.find(summaries, methods.get(m), shots.get(i));
        if (found == null || Double.isNaN(metric.apply(found).mean())) {
          continue;
        }
        CellSummary.Stat s = metric.apply(found);
        int x = xOf(i, shots.size(), left, right) + (m - methods.size() / 2) * 3;
        int y = yOf(s.mean(), max, top, bottom);
        g.drawLine(
            x,
            yOf(s.mean() - s.halfWidth(), max, top, bottom),
            x,
            yOf(s.mean() + s.halfWidth(), max, top, bottom));
        g.drawLine(
            x - 3,
            yOf(s.mean() - s.halfWidth(), max, top, bottom),
            x + 3,
            yOf(s.mean() - s.halfWidth(), max, top, bottom));
        g.drawLine(
            x - 3,
            yOf(s.mean() + s.halfWidth(), max, top, bottom),
            x + 3,
            yOf(s.mean() + s.halfWidth(), max, top, bottom));
        g.fillOval(x - 3, y - 3, 7, 7);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(right + 10, top + m * 18, 12, 4);
      g.setColor(Color.BLACK);
      g.drawString(methods.get(m), right + 26, top + m * 18 + 6);
    }
  }

  private static int xOf(int i, int n, int left, int right) {
    return n == 1 ? (left + right) / 2 : left + 20 + (right - left - 40) * i / (n - 1);
  }

  private static int yOf(double v, double max, int top, int bottom) {
    double clamped = Math.max(0, Math.min(max, v));
    return bottom - (int) Math.round((bottom - top) * clamped / max);
  }
}
