package nz.tiaki.incidents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.notifications.Outbox;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling the people affected: a letter each with a code (and an e-mail with it to those
 * with an account, nothing clinical in it), a draft for the Privacy
 * Commissioner, and a public page that shows a code's holder what of theirs was seen,
 * throttled against guessing (HIPC rule 5 and Privacy Act 2020 part 6).
 */
class NoticesTests extends PortalTest {

	private static final Pattern CODE = Pattern.compile("code: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})");

	@Autowired
	private Documents documents;

	@Autowired
	private Notices notices;

	@Autowired
	private org.springframework.context.ApplicationContext context;

	@Test
	void everyAffectedPatientGetsALetterWithACodeThatOpensTheirStatus() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Fixtures.TestAccount listed = this.fixtures.patient(practice);
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.LETTER, "Letter", "l.pdf", TestFiles.pdf("private"));
		Visitor stolen = signedIn(doctor);
		assertThat(stolen.download("/practice", "/practice/documents/" + letter + "/download").status()).isEqualTo(200);
		Path folder = workDirectory().resolve("notices-" + System.nanoTime());

		int told = this.notices.issue("A staff account was used from an unknown computer",
				new Scope(Set.of(doctor.id().value()), Set.of(), Set.of(), Instant.now().minus(Duration.ofHours(1)),
						Instant.now().plus(Duration.ofHours(1))),
				folder);

		assertThat(told).as("the patient whose letter was downloaded, and the one only seen in the patient list")
			.isEqualTo(2);
		assertThat(folder.resolve("notice-" + patient.holderId() + ".pdf")).exists();
		try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(folder.resolve("notice-" + listed.holderId() + ".pdf")))) {
			assertThat(new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ")).contains("your name and contact details")
				.doesNotContain("documents");
		}
		String text;
		try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(folder.resolve("notice-" + patient.holderId() + ".pdf")))) {
			text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
		}
		assertThat(text).contains("Kia ora Given").contains("1 of your documents");
		assertThat(Files.readString(folder.resolve("privacy-commissioner-draft.txt")))
			.contains("How many people are affected: 2");
		Matcher code = CODE.matcher(text);
		assertThat(code.find()).isTrue();

		Outbox.deliverNow(this.context);
		jakarta.mail.internet.MimeMessage[] mail = TestMailServer.receivedBy(patient.username());
		assertThat(mail).as("the patient with an account is e-mailed too").hasSize(1);
		String email = String.valueOf(mail[0].getContent());
		assertThat(mail[0].getSubject()).isEqualTo("About your health information in Tiaki");
		assertThat(email).as("the same code as the letter, and nothing of the record")
			.contains(code.group(1))
			.contains("/breach-status")
			.doesNotContain("Given")
			.doesNotContain("Letter")
			.doesNotContain("\t");

		Visitor anyone = visitor();
		Page status = anyone.submit("/breach-status", "/breach-status", Map.of("code", code.group(1).toLowerCase()));

		assertThat(status.status()).isEqualTo(200);
		assertThat(status.body()).contains("1 of your documents").doesNotContain("Given");
	}

	@Test
	void guessingCodesIsPausedAfterTenMisses() {
		Visitor guesser = visitor();
		for (int i = 0; i < 10; i++) {
			assertThat(guesser.submit("/breach-status", "/breach-status", Map.of("code", "AAAA-BBBB-CC" + i)).body())
				.contains("could not find that code");
		}

		Page paused = guesser.submit("/breach-status", "/breach-status", Map.of("code", "AAAA-BBBB-CCCC"));

		assertThat(paused.body()).contains("Too many codes were tried");
	}

}
