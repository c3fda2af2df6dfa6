package nz.tiaki.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The load report's two pictures, drawn with Java2D so no plotting tool is needed: latency
 * percentiles per operation as bars, and completed operations per second over the run as
 * lines. Colours are told apart by pattern too (dashes, labels), not by colour alone.
 */
final class Charts {

	private static final Color[] SHADES = { new Color(0x9ecae1), new Color(0x3182bd), new Color(0x08306b) };

	private static final Color[] LINES = { new Color(0x1b6ca8), new Color(0xc2410c), new Color(0x15803d),
			new Color(0x7e22ce) };

	private static final float[][] DASHES = { null, { 10f, 5f }, { 3f, 4f }, { 12f, 4f, 3f, 4f } };

	private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

	private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

	private Charts() {
	}

	/**
	 * Bars of p50, p95 and p99 latency for every operation of every scenario.
	 */
	static void latencies(List<LoadRun.Result> results, Path file) throws IOException {
		List<String> labels = new ArrayList<>();
		List<double[]> values = new ArrayList<>();
		for (LoadRun.Result result : results) {
			for (Measurements.Row row : result.measured().rows()) {
				labels.add(result.scenario().name() + ": " + row.operation());
				values.add(new double[] { row.p50(), row.p95(), row.p99() });
			}
		}
		int left = 330;
		int barHeight = 8;
		int groupHeight = barHeight * 3 + 10;
		int top = 70;
		int width = 1100;
		int height = top + groupHeight * labels.size() + 60;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = canvas(image);
		g.setFont(TITLE);
		g.drawString("Latency per operation (milliseconds): p50, p95, p99", 20, 28);
		legend(g, 20, 50, new String[] { "p50", "p95", "p99" }, SHADES, null);
		double highest = niceCeiling(values.stream().mapToDouble((v) -> v[2]).max().orElse(1));
		int plotWidth = width - left - 40;
		axis(g, left, top, plotWidth, groupHeight * labels.size(), highest);
		g.setFont(TEXT);
		FontMetrics metrics = g.getFontMetrics();
		for (int i = 0; i < labels.size(); i++) {
			int y = top + i * groupHeight + 5;
			String label = fit(labels.get(i), metrics, left - 30);
			g.setColor(Color.BLACK);
			g.drawString(label, left - 10 - metrics.stringWidth(label), y + barHeight * 2 + 4);
			for (int p = 0; p < 3; p++) {
				int length = (int) Math.round(values.get(i)[p] / highest * plotWidth);
				g.setColor(SHADES[p]);
				g.fillRect(left, y + p * barHeight, Math.max(1, length), barHeight - 1);
			}
			g.setColor(Color.DARK_GRAY);
			String p99 = String.format(Locale.ROOT, "%.1f", values.get(i)[2]);
			int end = left + (int) Math.round(values.get(i)[2] / highest * plotWidth);
			g.drawString(p99, Math.min(end + 4, width - 4 - metrics.stringWidth(p99)), y + barHeight * 3);
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	/**
	 * Operations completed in each second of every scenario's measured period.
	 */
	static void throughput(List<LoadRun.Result> results, Path file) throws IOException {
		int width = 1100;
		int height = 480;
		int left = 80;
		int top = 70;
		int plotWidth = width - left - 40;
		int plotHeight = height - top - 60;
		long[][] series = results.stream().map((r) -> r.measured().throughput()).toArray(long[][]::new);
		int seconds = 1;
		double highest = 1;
		for (long[] counts : series) {
			seconds = Math.max(seconds, counts.length);
			for (long count : counts) {
				highest = Math.max(highest, count);
			}
		}
		highest = niceCeiling(highest);
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = canvas(image);
		g.setFont(TITLE);
		g.drawString("Requests completed per second, each scenario measured on its own", 20, 28);
		String[] names = results.stream().map((r) -> r.scenario().name()).toArray(String[]::new);
		legend(g, 20, 50, names, LINES, DASHES);
		g.setFont(TEXT);
		g.setColor(new Color(0xdddddd));
		for (int tick = 0; tick <= 5; tick++) {
			int y = top + plotHeight - tick * plotHeight / 5;
			g.drawLine(left, y, left + plotWidth, y);
			g.setColor(Color.BLACK);
			String label = String.format(Locale.ROOT, "%,.0f", highest * tick / 5);
			g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 5);
			g.setColor(new Color(0xdddddd));
		}
		g.setColor(Color.BLACK);
		g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
		g.drawString("0 s", left, top + plotHeight + 20);
		String end = seconds + " s";
		g.drawString(end, left + plotWidth - g.getFontMetrics().stringWidth(end), top + plotHeight + 20);
		g.drawString("seconds into the measured period", left + plotWidth / 2 - 100, top + plotHeight + 40);
		for (int s = 0; s < series.length; s++) {
			g.setColor(LINES[s % LINES.length]);
			g.setStroke(stroke(DASHES[s % DASHES.length]));
			long[] counts = series[s];
			for (int i = 1; i < counts.length; i++) {
				int x0 = left + (int) ((i - 1) * (double) plotWidth / Math.max(1, seconds - 1));
				int x1 = left + (int) (i * (double) plotWidth / Math.max(1, seconds - 1));
				int y0 = top + plotHeight - (int) (counts[i - 1] / highest * plotHeight);
				int y1 = top + plotHeight - (int) (counts[i] / highest * plotHeight);
				g.drawLine(x0, y0, x1, y1);
			}
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static Graphics2D canvas(BufferedImage image) {
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(Color.BLACK);
		return g;
	}

	private static void axis(Graphics2D g, int left, int top, int width, int height, double highest) {
		g.setFont(TEXT);
		for (int tick = 0; tick <= 5; tick++) {
			int x = left + tick * width / 5;
			g.setColor(new Color(0xdddddd));
			g.drawLine(x, top, x, top + height);
			g.setColor(Color.BLACK);
			String label = String.format(Locale.ROOT, "%.0f ms", highest * tick / 5);
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + height + 18);
		}
	}

	private static void legend(Graphics2D g, int x, int y, String[] names, Color[] colours, float[][] dashes) {
		g.setFont(TEXT);
		int at = x;
		for (int i = 0; i < names.length; i++) {
			g.setColor(colours[i % colours.length]);
			if (dashes == null) {
				g.fillRect(at, y - 10, 24, 10);
			}
			else {
				Stroke previous = g.getStroke();
				g.setStroke(stroke(dashes[i % dashes.length]));
				g.drawLine(at, y - 5, at + 30, y - 5);
				g.setStroke(previous);
			}
			g.setColor(Color.BLACK);
			g.drawString(names[i], at + 36, y);
			at += 36 + g.getFontMetrics().stringWidth(names[i]) + 24;
		}
	}

	private static Stroke stroke(float[] dash) {
		return dash == null ? new BasicStroke(2.5f)
				: new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
	}

	private static String fit(String text, FontMetrics metrics, int width) {
		String shown = text;
		while (metrics.stringWidth(shown) > width && shown.length() > 4) {
			shown = shown.substring(0, shown.length() - 2);
		}
		return shown.equals(text) ? text : shown + "…";
	}

	/** @return 1, 2 or 5 times a power of ten, at least the value */
	static double niceCeiling(double value) {
		double power = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1e-9))));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

}
