package nz.tiaki.guard;

import java.util.Map;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few large documents are as much a breach as many small ones: a session that downloads
 * more than its byte budget in an hour is locked (the test portal's budget is 3 MB; the
 * default is 500 MB) (OWASP API Security Top 10 API4).
 */
class BytesBudgetTests extends PortalTest {

	@Autowired
	private Documents documents;

	@Test
	void aSessionDownloadingPastItsByteBudgetIsLocked() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		byte[] picture = TestFiles.noisePng(820);
		assertThat(picture.length).isGreaterThan(1_600_000);
		DocumentId scan = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.RESULT, "Scan", "scan.png", picture);
		Visitor visitor = signedIn(patient);

		int delivered = 0;
		String lockedAt = null;
		for (int attempt = 1; attempt <= 4 && lockedAt == null; attempt++) {
			Visitor.Binary file = visitor.download("/patient/documents", "/patient/documents/" + scan + "/download");
			if (file.status() == 200) {
				delivered++;
			}
			else {
				lockedAt = file.redirect();
			}
		}

		assertThat(delivered).as("downloads delivered before the budget was spent").isEqualTo(2);
		assertThat(lockedAt).endsWith("/signin?locked");
		assertThat(this.jdbc.sql("select count(*) from security_alert where kind = 'BYTES_BUDGET' and account_id = :a")
			.param("a", patient.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

}
