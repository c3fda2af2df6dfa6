package nz.tiaki.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;

/**
 * Files for upload tests, made here: clean and hostile PDFs, images with metadata, a
 * program in disguise.
 */
public final class TestFiles {

	private TestFiles() {
	}

	/** The EICAR anti-malware test file: every scanner reports it; it harms nothing. */
	public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

	/**
	 * @return a valid PDF that carries the EICAR test file after its end, where a reader
	 * ignores it: only a malware scanner refuses it
	 */
	public static byte[] pdfCarryingEicar() {
		return pdfWithTail(EICAR);
	}

	/**
	 * @return the same PDF as {@link #pdfCarryingEicar()} with a harmless tail of the same
	 * length
	 */
	public static byte[] pdfWithHarmlessTail() {
		return pdfWithTail("x".repeat(EICAR.length()));
	}

	private static byte[] pdfWithTail(String tail) {
		byte[] pdf = pdf("Looks like a letter");
		byte[] end = ("\n%" + tail + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] all = java.util.Arrays.copyOf(pdf, pdf.length + end.length);
		System.arraycopy(end, 0, all, pdf.length, end.length);
		return all;
	}

	public static byte[] pdf(String text) {
		return pdf(text, document -> {
		});
	}

	public static byte[] pdfWithJavaScript() {
		return pdf("Looks harmless", document -> document.getDocumentCatalog()
			.setOpenAction(new PDActionJavaScript("app.alert('hello')")));
	}

	public static byte[] encryptedPdf() {
		return pdf("Secret", document -> {
			try {
				StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pass", "", new AccessPermission());
				policy.setEncryptionKeyLength(128);
				document.protect(policy);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	public static byte[] pdfWithEmbeddedFile() {
		return pdf("Has a passenger", document -> {
			try {
				PDEmbeddedFile embedded = new PDEmbeddedFile(document,
						new java.io.ByteArrayInputStream("MZ payload".getBytes(StandardCharsets.US_ASCII)));
				PDComplexFileSpecification spec = new PDComplexFileSpecification();
				spec.setFile("payload.exe");
				spec.setEmbeddedFile(embedded);
				PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
				tree.setNames(Map.of("payload.exe", spec));
				PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
				names.setEmbeddedFiles(tree);
				document.getDocumentCatalog().setNames(names);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static byte[] pdf(String text, java.util.function.Consumer<PDDocument> change) {
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
				stream.beginText();
				stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
				stream.newLineAtOffset(72, 700);
				stream.showText(text);
				stream.endText();
			}
			change.accept(document);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PNG carrying a text chunk (metadata) with the given content.
	 */
	public static byte[] pngWithMetadata(String secret) {
		try {
			BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
			image.setRGB(5, 5, 0xff0000);
			ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
			IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
					null);
			IIOMetadataNode text = new IIOMetadataNode("tEXtEntry");
			text.setAttribute("keyword", "Comment");
			text.setAttribute("value", secret);
			IIOMetadataNode chunk = new IIOMetadataNode("tEXt");
			chunk.appendChild(text);
			IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
			root.appendChild(chunk);
			metadata.mergeTree("javax_imageio_png_1.0", root);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
				writer.setOutput(output);
				writer.write(new IIOImage(image, null, metadata));
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PNG of random pixels, which does not compress: about 3 bytes a pixel.
	 */
	public static byte[] noisePng(int side) {
		try {
			BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
			java.util.Random random = new java.util.Random(side);
			for (int y = 0; y < side; y++) {
				for (int x = 0; x < side; x++) {
					image.setRGB(x, y, random.nextInt(0xffffff));
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The start of a Linux program, whatever name it is given.
	 */
	public static byte[] executable() {
		byte[] bytes = new byte[4096];
		bytes[0] = 0x7f;
		bytes[1] = 'E';
		bytes[2] = 'L';
		bytes[3] = 'F';
		bytes[4] = 2;
		bytes[5] = 1;
		bytes[6] = 1;
		return bytes;
	}

	/**
	 * A Windows program.
	 */
	public static byte[] windowsExecutable() {
		byte[] bytes = new byte[4096];
		bytes[0] = 'M';
		bytes[1] = 'Z';
		bytes[0x3c] = (byte) 0x80;
		bytes[0x80] = 'P';
		bytes[0x81] = 'E';
		return bytes;
	}

}
