package nz.tiaki.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * How much heap stamping the largest PDF a practice may publish needs: a PDF of about the
 * given size (one page of incompressible scanned-looking image per MB) is made once, then, in
 * a JVM with a small heap, read and stamped as a download stamps it, holding the input and
 * the stamped output. Raise the heap until it passes:
 * <pre>
 * scripts/benchmark -h &gt;/dev/null   # builds the classes and target/test-classpath.txt
 * CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
 * java -cp "$CP" nz.tiaki.documents.StampMemory /tmp/scan-20.pdf 20
 * for heap in 32 48 64 80 96 128; do
 *   java -Xmx${heap}m -cp "$CP" nz.tiaki.documents.StampMemory /tmp/scan-20.pdf &amp;&amp; echo "${heap} MB" &amp;&amp; break
 * done
 * </pre>
 */
public final class StampMemory {

	private StampMemory() {
	}

	/**
	 * @param arguments the PDF file, and its size in MB: made (in a JVM of its own) when it does
	 * not exist yet, stamped when it does
	 */
	public static void main(String[] arguments) throws IOException {
		java.nio.file.Path file = java.nio.file.Path.of(arguments[0]);
		if (!java.nio.file.Files.exists(file)) {
			java.nio.file.Files.write(file, scannedPdf(Integer.parseInt(arguments[1])));
			return;
		}
		byte[] pdf = java.nio.file.Files.readAllBytes(file);
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		byte[] stamped = Stamp.pdf(pdf, "Downloaded by Test Patient on 2 December 2026 - personal copy. Tiaki");
		System.out.printf("PDF %,d bytes, stamped %,d bytes, heap in use before stamping %,d MB, most heap %,d MB%n",
				pdf.length, stamped.length, before >> 20, runtime.maxMemory() >> 20);
	}

	/** A PDF of about the given size: one page per megabyte, each an image of noise. */
	static byte[] scannedPdf(int megabytes) throws IOException {
		Random random = new Random(7);
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (int i = 0; i < megabytes; i++) {
				BufferedImage image = new BufferedImage(580, 580, BufferedImage.TYPE_INT_RGB);
				for (int y = 0; y < 580; y++) {
					for (int x = 0; x < 580; x++) {
						image.setRGB(x, y, random.nextInt(1 << 24));
					}
				}
				PDPage page = new PDPage();
				document.addPage(page);
				PDImageXObject scan = LosslessFactory.createFromImage(document, image);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(scan, 20, 20, 560, 560);
				}
			}
			document.save(out);
			return out.toByteArray();
		}
	}

}
