package nz.tiaki.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Stamps every page of a PDF with who downloaded it and when, so a copy found elsewhere
 * says whose it was.
 */
final class Stamp {

	private Stamp() {
	}

	static byte[] pdf(byte[] content, String line) {
		String text = printable(line);
		ByteArrayOutputStream out;
		try (PDDocument document = Loader.loadPDF(content)) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (PDPage page : document.getPages()) {
				PDRectangle box = page.getMediaBox();
				try (PDPageContentStream stream = new PDPageContentStream(document, page,
						PDPageContentStream.AppendMode.APPEND, true, true)) {
					stream.beginText();
					stream.setFont(font, 7);
					stream.setNonStrokingColor(0.35f, 0.35f, 0.35f);
					stream.newLineAtOffset(box.getLowerLeftX() + 18, box.getLowerLeftY() + 10);
					stream.showText(text);
					stream.endText();
				}
			}
			// room for the stamps (a few hundred bytes a page), so a large PDF is not copied into a
			// buffer twice its size on the way out
			out = new ByteArrayOutputStream(content.length + 4096 + 1024 * document.getNumberOfPages());
			document.save(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A stored PDF could not be stamped", ex);
		}
		// the parsed document is closed and collectable before its bytes are copied out
		return out.toByteArray();
	}

	/**
	 * Keeps only what the standard PDF font can show: accents are dropped, other characters
	 * become question marks.
	 */
	static String printable(String line) {
		String plain = Normalizer.normalize(line, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		StringBuilder out = new StringBuilder(plain.length());
		for (char c : plain.toCharArray()) {
			out.append(c == '\u2014' || (c >= 32 && c < 127) ? (c == '\u2014' ? '-' : c) : '?');
		}
		return out.toString();
	}

}
