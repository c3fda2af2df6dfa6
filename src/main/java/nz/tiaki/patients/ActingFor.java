package nz.tiaki.patients;

import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nz.tiaki.access.Subject;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Whom a signed-in patient is acting for on the pages that proxies use (appointments, repeat
 * prescriptions, messages): themself, or someone who lets them act for them. The choice is
 * kept in the session; the gate still decides every access, so a choice that is no longer
 * allowed is simply refused.
 */
@Component
public class ActingFor {

	static final String ATTRIBUTE = "tiaki.actingFor";

	private final ProxyArrangements arrangements;

	private final ProxyStore store;

	ActingFor(ProxyArrangements arrangements, ProxyStore store) {
		this.arrangements = arrangements;
		this.store = store;
	}

	/**
	 * @param me the signed-in patient
	 * @return the patient the pages act for now: the one chosen while the arrangement stands,
	 * else themself (a choice whose arrangement ended is forgotten)
	 */
	public PatientId whom(Subject me) {
		Optional<UUID> chosen = chosen().filter(id -> !id.equals(me.id()));
		if (chosen.isPresent() && this.store.scopesInForce(me.id(), new PatientId(chosen.get())).isEmpty()) {
			session().removeAttribute(ATTRIBUTE);
			chosen = Optional.empty();
		}
		return chosen.map(PatientId::new).orElse(new PatientId(me.id()));
	}

	/**
	 * @return whether this session has chosen someone to act for (a check of the session
	 * alone, cheap enough for every page)
	 */
	public boolean anyChosen() {
		return chosen().isPresent();
	}

	/**
	 * @param me the signed-in patient
	 * @return the name of the person they act for, when it is not themself
	 */
	public Optional<String> nameOf(Subject me) {
		Optional<UUID> chosen = chosen().filter(id -> !id.equals(me.id()));
		if (chosen.isEmpty()) {
			return Optional.empty();
		}
		return this.arrangements.received(me)
			.stream()
			.filter(r -> r.patient().value().equals(chosen.get()))
			.map(ProxyArrangements.Received::name)
			.findFirst();
	}

	/**
	 * @param me the signed-in patient
	 * @param patient whom to act for (themself to stop acting for someone)
	 * @return whether the choice was taken (it must be someone who lets them act for them)
	 */
	public boolean choose(Subject me, PatientId patient) {
		HttpSession session = session();
		if (patient.value().equals(me.id())) {
			session.removeAttribute(ATTRIBUTE);
			return true;
		}
		boolean allowed = this.arrangements.received(me).stream().anyMatch(r -> r.patient().equals(patient));
		if (allowed) {
			session.setAttribute(ATTRIBUTE, patient.value().toString());
		}
		return allowed;
	}

	private static Optional<UUID> chosen() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getDispatcherType() != jakarta.servlet.DispatcherType.ERROR) {
			// An error page shows no banner, and must not need the session store to be shown.
			HttpSession session = attributes.getRequest().getSession(false);
			if (session != null && session.getAttribute(ATTRIBUTE) instanceof String value) {
				try {
					return Optional.of(UUID.fromString(value));
				}
				catch (IllegalArgumentException ex) {
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}

	private static HttpSession session() {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		return request.getSession();
	}

}
