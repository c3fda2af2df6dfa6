package nz.tiaki.documents;

import java.time.Instant;

/**
 * A document in a list. Personal data: never log it.
 *
 * @param id the document
 * @param title its title
 * @param kind what it is
 * @param fromPractice whether the practice published it (else the patient uploaded it)
 * @param mediaType PDF, JPEG or PNG
 * @param sizeBytes its size
 * @param addedAt when it was added
 * @param removalAt when it leaves the portal under the practice's retention rules, or
 * {@code null} when it stays
 */
public record DocumentSummary(DocumentId id, String title, DocumentKind kind, boolean fromPractice, String mediaType,
		long sizeBytes, Instant addedAt, Instant removalAt) {

	/**
	 * @return the size in words
	 */
	public String size() {
		if (this.sizeBytes >= 1024 * 1024) {
			return String.format("%.1f MB", this.sizeBytes / (1024.0 * 1024));
		}
		return Math.max(1, this.sizeBytes / 1024) + " KB";
	}

	/**
	 * @return the file type in words
	 */
	public String type() {
		return switch (this.mediaType) {
			case "application/pdf" -> "PDF";
			case "image/jpeg" -> "JPEG image";
			case "image/png" -> "PNG image";
			default -> "File";
		};
	}

	@Override
	public String toString() {
		return "DocumentSummary[" + this.id + "]";
	}

}
