package nz.tiaki.shared.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Thrown by a page controller for anything the person may not see or that does not exist:
 * both answer 404 with the plain "page not found" page, so the two cannot be told apart.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class PageNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * A page that is not there for this person.
	 */
	public PageNotFound() {
		super("Not found", null, false, false);
	}

}
