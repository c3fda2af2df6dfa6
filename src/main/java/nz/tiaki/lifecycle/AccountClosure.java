package nz.tiaki.lifecycle;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import nz.tiaki.access.Subject;
import nz.tiaki.documents.Documents;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.Accounts;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.patients.ProxyArrangements;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient closes their account. At once: every arrangement to act for someone or to be
 * acted for ends, the files they uploaded and their conversations with their practice are
 * deleted (unless a legal hold keeps them), and the account itself — sessions, app access,
 * password, second factors, passkeys — is gone. What their practice published stays with
 * the practice's record. All of it, or none of it.
 */
@Service
public class AccountClosure {

	/** The task closing accounts, as the audit names it. */
	static final Subject CLOSURE = Subject.system(UUID.fromString("5e7e0000-0000-4000-8000-000000000002"));

	private final Accounts accounts;

	private final ProxyArrangements proxies;

	private final Documents documents;

	private final Messaging messaging;

	private final LegalHolds holds;

	AccountClosure(Accounts accounts, ProxyArrangements proxies, Documents documents, Messaging messaging,
			LegalHolds holds) {
		this.accounts = accounts;
		this.proxies = proxies;
		this.documents = documents;
		this.messaging = messaging;
		this.holds = holds;
	}

	/** What closing removed. */
	public record Closed(int arrangementsEnded, int uploadsRemoved, int conversationsRemoved, boolean held) {
	}

	/**
	 * @param self the patient, signed in as themselves (not as anyone's proxy)
	 * @param account their account
	 * @param request the asking request, whose session ends too
	 * @return what was removed
	 */
	@Transactional
	public Closed close(Subject self, AccountId account, HttpServletRequest request) {
		if (self.kind() != Subject.Kind.PATIENT || !account.value().equals(self.accountId())) {
			throw new IllegalArgumentException("Only a patient can close their own account");
		}
		PatientId patient = new PatientId(self.id());
		int ended = this.proxies.endAllOf(patient, self.accountId());
		boolean held = this.holds.holds(patient, null);
		int uploads = held ? 0 : this.documents.removeUploadsOf(CLOSURE, patient);
		int conversations = held ? 0 : this.messaging.removeAllOf(CLOSURE, patient);
		this.accounts.close(account, request);
		return new Closed(ended, uploads, conversations, held);
	}

}
