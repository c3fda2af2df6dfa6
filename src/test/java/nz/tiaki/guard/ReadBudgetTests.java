package nz.tiaki.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import nz.tiaki.access.StepUpRequired;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.Download;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.vault.ObservedVault;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each document opened is charged to its session's budget in the statement that judges the
 * budget and records the gate's decision: both or neither. Requests of one session sent all at once, to slip past a budget between its check
 * and its charge, get no more than the places left; every document asked for is charged, yet
 * a fresh second factor opens the way again; a locked session is charged nothing; and a
 * budget with nothing left in the window is swept away (OWASP API Security Top 10 API4).
 */
class ReadBudgetTests extends PortalTest {

	/** The test portal's step-up budget: documents in five minutes. */
	private static final int STEP_UP_AT = 30;

	@Autowired
	private Documents documents;

	@Autowired
	private Guard guard;

	@Autowired
	@org.springframework.beans.factory.annotation.Qualifier("ownerDataSource")
	private javax.sql.DataSource owner;

	@Test
	void requestsRacingForTheLastPlacesGetNoMoreThanAreLeft() throws Exception {
		Opening opening = opening();
		String session = "race-" + UUID.randomUUID();
		for (int i = 0; i < STEP_UP_AT - 3; i++) {
			opening.download(session).close();
		}
		int openedBefore = ObservedVault.opened(opening.patient(), null);

		int racers = 12;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		try {
			for (int i = 0; i < racers; i++) {
				results.add(pool.submit(() -> {
					start.await();
					try (Download download = opening.download(session)) {
						return download.readAll().length > 0;
					}
					catch (StepUpRequired ex) {
						return false;
					}
				}));
			}
			start.countDown();
			int delivered = 0;
			for (Future<Boolean> result : results) {
				delivered += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}

			assertThat(delivered).as("downloads delivered out of %d sent at once with 3 places left", racers)
				.isEqualTo(3);
			assertThat(ObservedVault.opened(opening.patient(), null) - openedBefore)
				.as("sealed values opened: the delivered downloads' file names only")
				.isEqualTo(3);
			assertThat(charged(session)).as("documents charged: every one asked for").isEqualTo(STEP_UP_AT - 3 + racers);
			assertThat(allowedDownloads(session)).as("downloads the audit log records as allowed").isEqualTo(STEP_UP_AT);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void refusalsAreChargedYetAFreshSecondFactorOpensTheWayAndASpentBudgetIsSweptAway() throws Exception {
		Opening opening = opening();
		String session = "spent-" + UUID.randomUUID();
		for (int i = 0; i < STEP_UP_AT; i++) {
			opening.download(session).close();
		}
		for (int i = 0; i < 3; i++) {
			boolean refused = false;
			try {
				opening.download(session).close();
			}
			catch (StepUpRequired ex) {
				refused = true;
			}
			assertThat(refused).as("download past the step-up budget refused").isTrue();
		}
		assertThat(charged(session)).as("documents charged, the three refused among them").isEqualTo(STEP_UP_AT + 3);

		this.clock.advance(Duration.ofSeconds(1));
		opening.secondFactorPassed(session, this.clock.instant());
		opening.download(session).close();
		assertThat(charged(session)).as("documents charged after a fresh second factor").isEqualTo(STEP_UP_AT + 4);

		this.clock.advance(Duration.ofMinutes(59));
		this.guard.forgetSpentBudgets();
		assertThat(charged(session)).as("a budget still inside the hour is kept").isEqualTo(STEP_UP_AT + 4);
		this.clock.advance(Duration.ofMinutes(2));
		this.guard.forgetSpentBudgets();
		assertThat(charged(session)).as("a budget with nothing inside the hour is swept away").isZero();
	}

	@Test
	void aLockedSessionIsRefusedAndChargedNothing() throws Exception {
		Opening opening = opening();
		String session = "locked-" + UUID.randomUUID();
		opening.download(session).close();
		this.guard.lockSession(nz.tiaki.shared.web.RequestOrigin.digest(session), "test");
		int openedBefore = ObservedVault.opened(opening.patient(), null);

		boolean refused = false;
		try {
			opening.download(session).close();
		}
		catch (nz.tiaki.access.SessionLocked ex) {
			refused = true;
		}

		assertThat(refused).as("download in a locked session refused").isTrue();
		assertThat(ObservedVault.opened(opening.patient(), null)).as("sealed values opened").isEqualTo(openedBefore);
		assertThat(charged(session)).as("documents charged: the one before the lock").isEqualTo(1);
	}

	/**
	 * A patient's download of their own document takes two statements: the document's row
	 * read with the budget's charge and the decision's record, then the sealed content's row.
	 * The driver sends a statement whose answer it cannot bound in size (text, bytes, an
	 * array) only after a round trip of its own, once it has had the server type a
	 * parameter; a download's parameters are all typed, so each statement costs one round
	 * trip. Counted from the driver's own record of the Sync messages it sends on this
	 * thread, once its statements are prepared.
	 */
	@Test
	void aDownloadSpendsOneRoundTripOnEachOfItsStatements() throws Exception {
		Opening opening = opening();
		String session = "round-trips-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			opening.download(session).close();
		}
		java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
		java.util.logging.Level before = driver.getLevel();
		long thread = Thread.currentThread().getId();
		List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.logging.Handler watcher = new java.util.logging.Handler() {

			@Override
			public void publish(java.util.logging.LogRecord entry) {
				String message = entry.getMessage();
				if (entry.getLongThreadID() == thread && message != null
						&& (message.equals(" FE=> Sync") || message.startsWith("Forcing Sync"))) {
					sent.add(message.strip());
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		int downloads = 5;
		driver.setLevel(java.util.logging.Level.FINEST);
		driver.addHandler(watcher);
		try {
			for (int i = 0; i < downloads; i++) {
				opening.download(session).close();
			}
		}
		finally {
			driver.removeHandler(watcher);
			driver.setLevel(before);
		}

		assertThat(sent).as("round trips the driver added before a statement").noneMatch(m -> m.startsWith("Forcing"));
		assertThat(sent).as("round trips: the document's row with the budget's charge and the decision's record, and "
				+ "the sealed content's row, for each download").hasSize(2 * downloads);
	}

	/**
	 * The charge and the decision's record are one statement: when the record cannot be
	 * written, the charge is not made either, and nothing is delivered.
	 */
	@Test
	void aChargeStandsOrFallsWithTheRecordOfItsDecision() throws Exception {
		Opening opening = opening();
		String session = "together-" + UUID.randomUUID();
		opening.download(session).close();
		int openedBefore = ObservedVault.opened(opening.patient(), null);
		String refuse = "alter table audit_event add constraint refuse_one_session check (session_ref is distinct from '"
				+ nz.tiaki.shared.web.RequestOrigin.digest(session) + "') not valid";
		try (java.sql.Connection superuser = this.owner.getConnection();
				java.sql.Statement sql = superuser.createStatement()) {
			sql.execute(refuse);
			try {
				boolean failed = false;
				try {
					opening.download(session).close();
				}
				catch (org.springframework.dao.DataIntegrityViolationException ex) {
					failed = true;
				}
				assertThat(failed).as("a download whose decision cannot be recorded fails").isTrue();
			}
			finally {
				sql.execute("alter table audit_event drop constraint refuse_one_session");
			}
		}
		assertThat(charged(session)).as("documents charged: the one recorded before").isEqualTo(1);
		assertThat(allowedDownloads(session)).as("downloads the audit log records as allowed").isEqualTo(1);
		assertThat(ObservedVault.opened(opening.patient(), null)).as("sealed values opened").isEqualTo(openedBefore);

		opening.download(session).close();
		assertThat(charged(session)).as("documents charged once the record can be written again").isEqualTo(2);
	}

	/**
	 * A patient's download is decided on the document presumed to be their own, its row read
	 * in the statement that charges and records: when the document is another's, unknown, or
	 * a dependant's opened by a proxy, that statement keeps nothing (no charge, no record)
	 * and the decision is made again on the document as it is. Another patient's document
	 * and an unknown id are each refused once, uncharged and unopened, the refusal of
	 * another's naming its owner (whose document was asked for); a proxy's download is
	 * delivered, charged once and recorded once, as the proxy's.
	 */
	@Test
	void aDocumentNotAsPresumedIsDecidedOnAsItIsAndThePresumptionKeepsNothing() throws Exception {
		Opening opening = opening();
		PatientId owner = opening.patient();
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount stranger = this.fixtures.patient(practice);
		Fixtures.TestAccount parent = this.fixtures.patient(practice);
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at)
				values (:id, :patient, :proxy, array['FULL_RECORD'], now())
				""")
			.param("id", UUID.randomUUID())
			.param("patient", owner.value())
			.param("proxy", parent.holderId())
			.update();
		int openedBefore = ObservedVault.opened(owner, null);

		String strangers = "stranger-" + UUID.randomUUID();
		assertThatThrownBy(() -> opening.as(Fixtures.patientSubject(stranger)).download(strangers))
			.isInstanceOf(nz.tiaki.documents.DocumentNotFound.class);
		String unknowns = "unknown-" + UUID.randomUUID();
		assertThatThrownBy(() -> opening.of(new DocumentId(UUID.randomUUID())).download(unknowns))
			.isInstanceOf(nz.tiaki.documents.DocumentNotFound.class);
		String parents = "parent-" + UUID.randomUUID();
		try (Download download = opening.as(Fixtures.patientSubject(parent)).download(parents)) {
			assertThat(download.readAll()).as("the dependant's document, as the proxy gets it").isNotEmpty();
		}

		assertThat(decisions(strangers)).as("decisions recorded for another patient's document")
			.containsExactly("DENY no-relationship " + owner.value());
		assertThat(decisions(unknowns)).as("decisions recorded for an unknown document")
			.containsExactly("DENY unknown-object null");
		assertThat(decisions(parents)).as("decisions recorded for a proxy's download")
			.containsExactly("ALLOW proxy:full_record " + owner.value());
		assertThat(charged(strangers)).as("documents charged to the stranger").isZero();
		assertThat(charged(unknowns)).as("documents charged for an unknown id").isZero();
		assertThat(charged(parents)).as("documents charged to the proxy").isEqualTo(1);
		assertThat(ObservedVault.opened(owner, null) - openedBefore)
			.as("sealed values opened: the proxy's download's file name only")
			.isEqualTo(1);
	}

	private List<String> decisions(String session) {
		return this.jdbc.sql("""
				select decision || ' ' || reason || ' ' || coalesce(cast(patient_id as text), 'null') from audit_event
				where session_ref = :s and category = 'ACCESS' order by id
				""").param("s", nz.tiaki.shared.web.RequestOrigin.digest(session)).query(String.class).list();
	}

	private Opening opening() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId id = new PatientId(patient.holderId());
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), id, DocumentKind.LETTER, "Letter",
				"letter.png", nz.tiaki.support.TestFiles.noisePng(8));
		return new Opening(this.documents, Fixtures.patientSubject(patient), id, letter);
	}

	private int charged(String session) {
		return this.jdbc.sql("select coalesce(max(cardinality(opened_at)), 0) from read_budget where whose = :s")
			.param("s", nz.tiaki.shared.web.RequestOrigin.digest(session))
			.query(Integer.class)
			.single();
	}

	private int allowedDownloads(String session) {
		return this.jdbc.sql("""
				select count(*) from audit_event
				where session_ref = :s and action = 'READ_DOCUMENT' and decision = 'ALLOW' and object_ref like 'download:%'
				""").param("s", nz.tiaki.shared.web.RequestOrigin.digest(session)).query(Integer.class).single();
	}

	/** One patient's document, downloaded as requests of a given session are. */
	private record Opening(Documents documents, Subject patientSubject, PatientId patient, DocumentId document,
			java.util.Map<String, java.time.Instant> secondFactors) {

		Opening(Documents documents, Subject patientSubject, PatientId patient, DocumentId document) {
			this(documents, patientSubject, patient, document, new java.util.concurrent.ConcurrentHashMap<>());
		}

		/** The same document, asked for by someone else. */
		Opening as(Subject asker) {
			return new Opening(this.documents, asker, this.patient, this.document, this.secondFactors);
		}

		/** Another document, asked for by the same patient. */
		Opening of(DocumentId other) {
			return new Opening(this.documents, this.patientSubject, this.patient, other, this.secondFactors);
		}

		/** The session passed a second-factor check at that moment, as the sign-in pages note it. */
		void secondFactorPassed(String session, java.time.Instant at) {
			this.secondFactors.put(session, at);
		}

		Download download(String session) {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/patient/documents");
			request.setRemoteAddr("127.0.0.1");
			MockHttpSession httpSession = new MockHttpSession(null, session);
			java.time.Instant secondFactor = this.secondFactors.get(session);
			if (secondFactor != null) {
				httpSession.setAttribute("tiaki.secondFactorAt", secondFactor);
			}
			request.setSession(httpSession);
			RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
			try {
				return this.documents.download(this.patientSubject, this.document, null, () -> "Test Patient");
			}
			finally {
				RequestContextHolder.resetRequestAttributes();
			}
		}

	}

}
