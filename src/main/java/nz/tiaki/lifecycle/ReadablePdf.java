package nz.tiaki.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Writes plain text as a readable A4 PDF: headings and paragraphs, wrapped and paged, in a
 * font that has every letter of te reo Māori and most other languages (DejaVu Sans,
 * embedded). Build it line by line, then {@link #bytes()}.
 */
final class ReadablePdf {

	private static final float MARGIN = 56;

	private static final float BODY = 10.5f;

	private final PDDocument document = new PDDocument();

	private final PDFont regular;

	private final PDFont bold;

	private PDPageContentStream stream;

	private float y;

	private int pages;

	ReadablePdf(String title) {
		try {
			this.regular = load("/fonts/DejaVuSans.ttf");
			this.bold = load("/fonts/DejaVuSans-Bold.ttf");
			PDDocumentInformation info = this.document.getDocumentInformation();
			info.setTitle(title);
			info.setCreator("Tiaki");
			this.document.getDocumentCatalog().setLanguage("en-NZ");
			newPage();
			write(title, this.bold, 18, 8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The PDF could not be started", ex);
		}
	}

	private PDFont load(String resource) throws IOException {
		try (InputStream font = ReadablePdf.class.getResourceAsStream(resource)) {
			if (font == null) {
				throw new IOException("Missing font " + resource);
			}
			return PDType0Font.load(this.document, font);
		}
	}

	ReadablePdf heading(String text) {
		gap(10);
		write(text, this.bold, 13, 4);
		return this;
	}

	ReadablePdf line(String text) {
		write(text, this.regular, BODY, 2);
		return this;
	}

	ReadablePdf gap(float points) {
		this.y -= points;
		return this;
	}

	private void write(String text, PDFont font, float size, float after) {
		try {
			for (String paragraph : (text == null ? "" : text).split("\\R", -1)) {
				for (String line : wrap(clean(paragraph, font), font, size)) {
					if (this.y - size < MARGIN) {
						newPage();
					}
					this.y -= size * 1.35f;
					this.stream.beginText();
					this.stream.setFont(font, size);
					this.stream.newLineAtOffset(MARGIN, this.y);
					this.stream.showText(line);
					this.stream.endText();
				}
			}
			this.y -= after;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The PDF could not be written", ex);
		}
	}

	/** Keeps what the font can draw; anything else (a control character, a missing glyph) becomes a space. */
	private static String clean(String text, PDFont font) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(c -> {
			String one = new String(Character.toChars(c));
			boolean drawable;
			try {
				drawable = !Character.isISOControl(c) && font.encode(one).length > 0;
			}
			catch (IOException | IllegalArgumentException ex) {
				drawable = false;
			}
			out.append(drawable ? one : " ");
		});
		return out.toString();
	}

	private static List<String> wrap(String text, PDFont font, float size) throws IOException {
		float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
		List<String> lines = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String word : text.split(" ")) {
			String candidate = current.isEmpty() ? word : current + " " + word;
			if (font.getStringWidth(candidate) / 1000 * size <= width) {
				current = new StringBuilder(candidate);
				continue;
			}
			if (!current.isEmpty()) {
				lines.add(current.toString());
			}
			current = new StringBuilder();
			for (int i = 0; i < word.length(); i++) {
				if (font.getStringWidth(current.toString() + word.charAt(i)) / 1000 * size > width) {
					lines.add(current.toString());
					current = new StringBuilder();
				}
				current.append(word.charAt(i));
			}
		}
		lines.add(current.toString());
		return lines;
	}

	private void newPage() throws IOException {
		if (this.stream != null) {
			this.stream.close();
		}
		PDPage page = new PDPage(PDRectangle.A4);
		this.document.addPage(page);
		this.pages++;
		this.stream = new PDPageContentStream(this.document, page);
		this.y = PDRectangle.A4.getHeight() - MARGIN;
	}

	int pages() {
		return this.pages;
	}

	byte[] bytes() {
		try {
			this.stream.close();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.document.save(out);
			this.document.close();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The PDF could not be saved", ex);
		}
	}

}
