package nz.tiaki.identity;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticationExtensionsClientInputs;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a passkey registration's options in the session between the two halves of the
 * ceremony. Sessions live in PostgreSQL and must serialise, which Spring Security's options
 * type does not; this keeps a serialisable copy and rebuilds the options from it.
 */
class SessionCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

	static final String ATTRIBUTE = "tiaki.passkeyCreationOptions";

	private static final PublicKeyCredentialParameters[] KNOWN = { PublicKeyCredentialParameters.EdDSA,
			PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
			PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
			PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512,
			PublicKeyCredentialParameters.RS1 };

	@Override
	public void save(HttpServletRequest request, HttpServletResponse response,
			PublicKeyCredentialCreationOptions options) {
		HttpSession session = request.getSession();
		if (options == null) {
			session.removeAttribute(ATTRIBUTE);
			return;
		}
		AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
		session.setAttribute(ATTRIBUTE, new Snapshot(options.getRp().getId(), options.getRp().getName(),
				options.getUser(), options.getChallenge(),
				options.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList(), options.getTimeout(),
				new ArrayList<>(options.getExcludeCredentials()),
				selection == null || selection.getAuthenticatorAttachment() == null ? null
						: selection.getAuthenticatorAttachment().getValue(),
				selection == null || selection.getResidentKey() == null ? null : selection.getResidentKey().getValue(),
				selection == null ? null : selection.getUserVerification(),
				options.getAttestation() == null ? null : options.getAttestation().getValue(),
				options.getExtensions()));
	}

	@Override
	public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Snapshot snapshot)) {
			return null;
		}
		AuthenticatorSelectionCriteria.AuthenticatorSelectionCriteriaBuilder selection = AuthenticatorSelectionCriteria
			.builder();
		if (snapshot.attachment() != null) {
			selection.authenticatorAttachment(AuthenticatorAttachment.valueOf(snapshot.attachment()));
		}
		if (snapshot.residentKey() != null) {
			selection.residentKey(ResidentKeyRequirement.valueOf(snapshot.residentKey()));
		}
		if (snapshot.userVerification() != null) {
			selection.userVerification(snapshot.userVerification());
		}
		List<PublicKeyCredentialParameters> parameters = new ArrayList<>();
		for (long alg : snapshot.algorithms()) {
			for (PublicKeyCredentialParameters known : KNOWN) {
				if (known.getAlg().getValue() == alg) {
					parameters.add(known);
				}
			}
		}
		PublicKeyCredentialCreationOptions.PublicKeyCredentialCreationOptionsBuilder options = PublicKeyCredentialCreationOptions
			.builder()
			.rp(PublicKeyCredentialRpEntity.builder().id(snapshot.rpId()).name(snapshot.rpName()).build())
			.user(snapshot.user())
			.challenge(snapshot.challenge())
			.pubKeyCredParams(parameters)
			.excludeCredentials(snapshot.exclude())
			.authenticatorSelection(selection.build());
		if (snapshot.timeout() != null) {
			options.timeout(snapshot.timeout());
		}
		if (snapshot.attestation() != null) {
			options.attestation(AttestationConveyancePreference.valueOf(snapshot.attestation()));
		}
		if (snapshot.extensions() != null) {
			options.extensions(snapshot.extensions());
		}
		return options.build();
	}

	private record Snapshot(String rpId, String rpName, PublicKeyCredentialUserEntity user, Bytes challenge,
			List<Long> algorithms, Duration timeout, ArrayList<PublicKeyCredentialDescriptor> exclude,
			String attachment, String residentKey, UserVerificationRequirement userVerification, String attestation,
			AuthenticationExtensionsClientInputs extensions) implements Serializable {
	}

}
