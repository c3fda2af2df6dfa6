package nz.tiaki.clinics.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Answers 404, the same for a missing thing and for one that is not the asker's.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
class NotFoundPage extends RuntimeException {

	NotFoundPage() {
		super("Not found", null, false, false);
	}

}
