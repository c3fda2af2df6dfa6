package nz.tiaki.documents;

/**
 * A file could not be checked for malware, so it was refused. Nothing was stored; the
 * same file may be sent again later.
 */
public class ScannerUnavailable extends DocumentsUnavailable {

	ScannerUnavailable() {
		super("Files cannot be checked for viruses right now, so nothing was added. Please try again in a few minutes.");
	}

}
