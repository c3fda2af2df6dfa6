package nz.tiaki.lifecycle;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessHistory;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention: practice documents leave the portal when the practice's rule says, exactly
 * those and nothing else, shown to the patient beforehand; a legal hold keeps them; the
 * removal is recorded (HIPC 2020 rule 9, not kept longer than needed; rule 5 storage and
 * security; HIPAA 164.310(d)(2)(i) disposal).
 */
class RetentionTests extends PortalTest {

	private static final Duration SEVEN_MONTHS = Duration.ofDays(214);

	@Autowired
	private Documents documents;

	@Autowired
	private RetentionJob job;

	@Autowired
	private RetentionRules rules;

	@Autowired
	private LegalHolds holds;

	@Autowired
	private AccessHistory history;

	@Autowired
	private Messaging messaging;

	@Autowired
	private nz.tiaki.clinics.Practices practices;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	private Fixtures.TestAccount doctor;

	private PatientId patientId;

	@BeforeEach
	void aPracticeThatKeepsLettersForSixMonths() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patientId = new PatientId(this.patient.holderId());
		this.rules.choose(this.practice.id(), DocumentKind.LETTER, 6, null);
	}

	private DocumentId publish(DocumentKind kind, String title) {
		return this.documents.publish(Fixtures.staffSubject(this.doctor), this.patientId, kind, title, "file.pdf",
				TestFiles.pdf(title));
	}

	private List<UUID> stored() {
		return this.jdbc.sql("select id from document where patient_id = :p order by created_at")
			.param("p", this.patientId.value())
			.query(UUID.class)
			.list();
	}

	@Test
	void exactlyWhatIsDueIsRemovedAndThePatientSawTheDateBeforehand() {
		DocumentId letter = publish(DocumentKind.LETTER, "Clinic letter");
		DocumentId result = publish(DocumentKind.RESULT, "Blood test");
		DocumentId upload = this.documents.upload(Fixtures.patientSubject(this.patient), "My own notes", "notes.pdf",
				TestFiles.pdf("Mine"));
		String leaves = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
			.format(this.clock.instant().atZone(ZoneId.of("Pacific/Auckland")).plusMonths(6));

		String page = signedIn(this.patient).get("/patient/documents").body();
		assertThat(page).contains("Kept here until").contains(leaves).contains("Until you remove it");

		this.clock.advance(Duration.ofDays(170));
		this.job.run();
		assertThat(stored()).as("nothing is due yet").hasSize(3);
		assertThat(signedIn(this.patient).get("/patient/documents").body()).as("flagged a few weeks before")
			.contains("Leaving soon");

		this.clock.advance(Duration.ofDays(44));
		this.job.run();
		assertThat(stored()).containsExactly(result.value(), upload.value());
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where patient_id = :p and action = 'REMOVE_DOCUMENT' and decision = 'ALLOW'
				  and object_ref = :ref and actor_kind = 'SYSTEM'
				""")
			.param("p", this.patientId.value())
			.param("ref", "retention:" + letter)
			.query(Integer.class)
			.single()).as("the removal is recorded against the patient").isEqualTo(1);
		assertThat(this.history.of(Fixtures.patientSubject(this.patient), this.patientId, null))
			.anySatisfy(item -> assertThat(item.what()).isEqualTo("Removed a document from Tiaki"));

		this.job.run();
		assertThat(stored()).as("a second run removes nothing more").hasSize(2);
	}

	@Test
	void aPracticeMayKeepLessThanThePlatformNeverMore() {
		Visitor admin = signedIn(this.practice.admin());
		String csrf = admin.get("/practice/retention").csrf().orElseThrow();
		Visitor.Page refused = admin.postForm("/practice/retention",
				Map.of("_csrf", csrf, "months_LETTER", "3", "months_RESULT", "61"));
		assertThat(refused.body()).contains("Nothing was saved").contains("between 1 and 60 months");
		assertThat(this.rules.of(this.practice.id())).filteredOn(rule -> rule.kind() == DocumentKind.LETTER)
			.singleElement()
			.satisfies(rule -> assertThat(rule.months()).as("the valid half was not saved either").isEqualTo(6));

		Visitor.Page saved = admin.postForm("/practice/retention",
				Map.of("_csrf", csrf, "months_LETTER", "3", "months_RESULT", "12"));
		assertThat(saved.redirect()).isEqualTo("/practice/retention?saved");
		assertThat(this.rules.keepFor(this.practice.id(), DocumentKind.RESULT)).contains(java.time.Period.ofMonths(12));
		assertThat(this.rules.keepFor(this.practice.id(), DocumentKind.LETTER)).contains(java.time.Period.ofMonths(3));
		assertThat(this.rules.keepFor(this.practice.id(), DocumentKind.REFERRAL)).as("left empty: the platform's")
			.contains(java.time.Period.ofMonths(24));

		Visitor gp = signedIn(this.doctor);
		assertThat(gp.get("/practice/retention").status()).as("administrators only").isEqualTo(403);
	}

	@Test
	void aHeldPatientsDueDocumentsSurviveUntilTheHoldIsLifted() {
		publish(DocumentKind.LETTER, "Letter under investigation");
		UUID hold = this.holds.place(this.patientId, null, "Complaint 2026-114", "operator.test");

		this.clock.advance(SEVEN_MONTHS);
		Documents.RetentionRun run = this.job.run();
		assertThat(stored()).hasSize(1);
		assertThat(run.held()).isGreaterThanOrEqualTo(1);

		assertThat(this.holds.lift(hold, "operator.test")).isTrue();
		assertThat(this.holds.all()).filteredOn(h -> h.id().equals(hold))
			.singleElement()
			.satisfies(h -> assertThat(h.active()).isFalse());
		this.job.run();
		assertThat(stored()).isEmpty();
	}

	@Test
	void aHoldOnThePracticeCoversItsPatients() {
		publish(DocumentKind.LETTER, "Letter");
		this.holds.place(null, this.practice.id(), "Practice audit", "operator.test");
		this.clock.advance(SEVEN_MONTHS);
		this.job.run();
		assertThat(stored()).hasSize(1);
	}

	@Test
	void aMessageKeepsItsTextWhenItsFileLeaves() {
		UUID thread = this.messaging.start(Fixtures.patientSubject(this.patient), this.patientId, null, "Letter",
				"Can I have my letter?");
		this.messaging.replyAsPractice(this.practices.staffMember(this.doctor.holderId()).orElseThrow(), thread, "Attached.", false,
				new Messaging.Attachment("letter.pdf", TestFiles.pdf("Letter")));
		this.rules.choose(this.practice.id(), DocumentKind.OTHER, 6, null);
		this.clock.advance(SEVEN_MONTHS);
		this.job.run();
		assertThat(stored()).isEmpty();
		assertThat(this.messaging.openAsPatient(Fixtures.patientSubject(this.patient), thread).messages())
			.hasSize(2)
			.allSatisfy(message -> assertThat(message.attachment()).isNull());
	}

	@Test
	void aPatientRemovesTheirOwnUploadButNothingElse() {
		DocumentId letter = publish(DocumentKind.LETTER, "Practice letter");
		DocumentId upload = this.documents.upload(Fixtures.patientSubject(this.patient), "Photo", "photo.pdf",
				TestFiles.pdf("Photo"));
		Fixtures.TestAccount other = this.fixtures.patient(this.practice);
		DocumentId theirs = this.documents.upload(Fixtures.patientSubject(other), "Theirs", "theirs.pdf",
				TestFiles.pdf("Theirs"));
		Visitor me = signedIn(this.patient);

		assertThat(me.get("/patient/documents/" + letter + "/remove").status()).isEqualTo(404);
		assertThat(me.get("/patient/documents/" + theirs + "/remove").status()).isEqualTo(404);
		assertThat(me.submit("/patient/documents", "/patient/documents/" + letter + "/remove", Map.of()).status())
			.isEqualTo(404);
		assertThat(me.submit("/patient/documents", "/patient/documents/" + theirs + "/remove", Map.of()).status())
			.isEqualTo(404);
		assertThat(this.jdbc.sql("select count(*) from document where id in (:a, :b)")
			.param("a", letter.value())
			.param("b", theirs.value())
			.query(Integer.class)
			.single()).as("neither was touched").isEqualTo(2);

		assertThat(me.get("/patient/documents/" + upload + "/remove").body()).contains("cannot be brought back");
		Visitor.Page removed = me.submit("/patient/documents/" + upload + "/remove",
				"/patient/documents/" + upload + "/remove", Map.of());
		assertThat(removed.redirect()).isEqualTo("/patient/documents?removed");
		assertThat(stored()).containsExactly(letter.value());
	}

}
