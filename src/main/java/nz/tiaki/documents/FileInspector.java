package nz.tiaki.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.tika.Tika;

/**
 * Decides what a file really is from its bytes, never from its name or the browser's
 * word, and accepts only PDF, JPEG and PNG. PDFs that are encrypted, carry JavaScript,
 * launch actions or embedded files are refused; images are decoded and written afresh, so
 * no metadata (EXIF, GPS) survives.
 */
final class FileInspector {

	static final Set<String> ACCEPTED = Set.of("application/pdf", "image/jpeg", "image/png");

	private static final Set<COSName> ACTIVE_ACTIONS = Set.of(COSName.JAVA_SCRIPT, COSName.getPDFName("Launch"),
			COSName.getPDFName("ImportData"), COSName.getPDFName("RichMediaExecute"));

	private final Tika tika = new Tika();

	private final int maxPages;

	private final long maxPixels;

	FileInspector(int maxPages, long maxPixels) {
		this.maxPages = maxPages;
		this.maxPixels = maxPixels;
	}

	/**
	 * @return the clean content and its real type
	 * @throws DocumentRejected with the reason in plain words
	 */
	Inspected inspect(byte[] content) {
		if (content == null || content.length == 0) {
			throw new DocumentRejected("Choose a file to add. (An empty file cannot be added.)");
		}
		String type = this.tika.detect(content);
		if (!ACCEPTED.contains(type)) {
			throw new DocumentRejected("Only PDF documents and JPEG or PNG pictures can be added. This file is "
					+ describe(type) + ".");
		}
		return switch (type) {
			case "application/pdf" -> new Inspected(type, checkPdf(content));
			default -> new Inspected(type, cleanImage(content, type));
		};
	}

	private static String describe(String type) {
		if (type.contains("executable") || type.contains("msdownload") || type.contains("x-sh")
				|| type.contains("x-elf") || type.contains("java-archive") || type.contains("x-mach")) {
			return "a program, which could harm the people who open it";
		}
		if (type.startsWith("text/html") || type.contains("javascript")) {
			return "a web page or script";
		}
		if (type.contains("zip") || type.contains("compressed") || type.contains("x-tar") || type.contains("gzip")) {
			return "a compressed archive";
		}
		return "of another kind";
	}

	private byte[] checkPdf(byte[] content) {
		try (PDDocument document = Loader.loadPDF(content)) {
			if (document.isEncrypted()) {
				throw new DocumentRejected("This PDF is encrypted or password-protected. Save an unprotected copy "
						+ "and add that instead.");
			}
			if (document.getNumberOfPages() > this.maxPages) {
				throw new DocumentRejected("This PDF has more than " + this.maxPages + " pages.");
			}
			COSDocument cos = document.getDocument();
			for (COSObjectKey key : cos.getXrefTable().keySet()) {
				COSObject object = cos.getObjectFromPool(key);
				COSBase base = object == null ? null : object.getObject();
				if (base instanceof COSDictionary dictionary) {
					refuseActive(dictionary);
				}
			}
			refuseActive(document.getDocumentCatalog().getCOSObject());
			return content;
		}
		catch (InvalidPasswordException ex) {
			throw new DocumentRejected("This PDF is password-protected. Save an unprotected copy and add that instead.");
		}
		catch (IOException ex) {
			throw new DocumentRejected("This PDF is damaged and cannot be read.");
		}
	}

	private static void refuseActive(COSDictionary dictionary) {
		COSName action = dictionary.getCOSName(COSName.S);
		if (dictionary.containsKey(COSName.JS) || (action != null && ACTIVE_ACTIONS.contains(action))) {
			throw new DocumentRejected("This PDF contains a script or an action that runs when it is opened, "
					+ "which could harm the people who open it.");
		}
		if (dictionary.containsKey(COSName.EMBEDDED_FILES) || dictionary.containsKey(COSName.EF)
				|| COSName.getPDFName("EmbeddedFile").equals(dictionary.getCOSName(COSName.TYPE))
				|| COSName.getPDFName("FileAttachment").equals(dictionary.getCOSName(COSName.SUBTYPE))) {
			throw new DocumentRejected("This PDF has other files inside it. Add those files separately.");
		}
	}

	private byte[] cleanImage(byte[] content, String type) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				throw new DocumentRejected("This picture cannot be read.");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input, true, true);
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > this.maxPixels || pixels <= 0) {
					throw new DocumentRejected("This picture is too large. Use one under 40 megapixels.");
				}
				BufferedImage image = reader.read(0);
				return type.equals("image/png") ? writePng(image) : writeJpeg(image);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof DocumentRejected rejected) {
				throw rejected;
			}
			throw new DocumentRejected("This picture is damaged or in a form that cannot be read.");
		}
	}

	private static byte[] writePng(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private static byte[] writeJpeg(BufferedImage image) throws IOException {
		BufferedImage rgb = image;
		if (image.getType() != BufferedImage.TYPE_INT_RGB) {
			rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
			rgb.getGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(output);
			ImageWriteParam parameters = writer.getDefaultWriteParam();
			parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			parameters.setCompressionQuality(0.92f);
			writer.write(null, new IIOImage(rgb, null, null), parameters);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	/**
	 * A file that passed: its real type and clean content.
	 */
	record Inspected(String mediaType, byte[] content) {
	}

}
