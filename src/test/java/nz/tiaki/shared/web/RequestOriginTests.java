package nz.tiaki.shared.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's origin names its session by a digest of the session's id, worked out once a
 * request and worked out afresh when the id changes in the request (as it does at sign-in),
 * so an event recorded after the change names the new session, not the one it replaced.
 */
class RequestOriginTests {

	@Test
	void theSessionIsNamedByItsCurrentIdThroughoutTheRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("192.0.2.10");
		String before = request.getSession(true).getId();
		RequestOrigin first = RequestOrigin.of(request);
		assertThat(first.sessionRef()).isEqualTo(RequestOrigin.digest(before));
		assertThat(RequestOrigin.of(request).sessionRef()).isEqualTo(first.sessionRef());

		String after = request.changeSessionId();

		assertThat(after).isNotEqualTo(before);
		assertThat(RequestOrigin.of(request).sessionRef()).isEqualTo(RequestOrigin.digest(after))
			.isNotEqualTo(first.sessionRef());
	}

	@Test
	void whatTheRequestKeepsShowsNoSessionId() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		String id = "a-session-id-" + java.util.UUID.randomUUID();
		request.setSession(new org.springframework.mock.web.MockHttpSession(null, id));
		RequestOrigin.of(request);
		java.util.List<String> kept = java.util.Collections.list(request.getAttributeNames())
			.stream()
			.map(name -> String.valueOf(request.getAttribute(name)))
			.toList();
		assertThat(kept).isNotEmpty().noneMatch(value -> value.contains(id));
	}

}
