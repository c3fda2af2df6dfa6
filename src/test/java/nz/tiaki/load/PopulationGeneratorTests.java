package nz.tiaki.load;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.patients.Nhi;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The population generator, run small against the test portal: it makes exactly what it is
 * asked for, every patient with a data key of their own, the audit chain still verifies, and
 * what it wrote is what the portal itself would have written — a doctor of a generated
 * practice finds the generated patients on the practice's list and opens one's record through
 * the gate. The NHI numbers it hands out are valid, distinct, all in the test range, and
 * never those that tests make patients with one at a time.
 */
class PopulationGeneratorTests extends PortalTest {

	@Autowired
	private ApplicationContext portal;

	@Autowired
	private AuditTrail audit;

	@Test
	void itMakesWhatItIsAskedForAndThePortalReadsItThroughTheGate() throws Exception {
		long eventsBefore = this.jdbc.sql("select count(*) from audit_event").query(Long.class).single();

		PopulationGenerator.Result made = PopulationGenerator.populate(this.portal, 300, 3, 30, 2, 5_000, 0.5, 2);

		assertThat(made.patients()).isEqualTo(300);
		List<String> ids = java.util.stream.LongStream.range(made.first(), made.first() + made.patients())
			.mapToObj(g -> PopulationGenerator.patientId(g).toString())
			.toList();
		assertThat(count("select count(*) from patient where id::text in (:ids) and identity_sealed is not null", ids))
			.isEqualTo(300);
		assertThat(count("select count(*) from vault_key where owner_kind = 'PATIENT' and owner_id::text in (:ids)", ids))
			.as("a data key each").isEqualTo(300);
		assertThat(count("select count(*) from enrolment where patient_id::text in (:ids)", ids)).isEqualTo(300);
		assertThat(count("select count(*) from document where patient_id::text in (:ids)", ids)).isEqualTo(30);
		assertThat(count("select count(*) from account where holder_id::text in (:ids)", ids)).isEqualTo(150);
		assertThat(count("select count(*) from clinical_entry where patient_id::text in (:ids)", ids)).isPositive();
		assertThat(this.jdbc.sql("select count(*) from audit_event").query(Long.class).single())
			.isGreaterThanOrEqualTo(eventsBefore + 5_000);
		this.audit.sealNow();
		assertThat(this.audit.verify(List.of()).intact()).isTrue();

		PracticeId practice = made.practices().get(0);
		Fixtures.TestAccount doctor = this.fixtures.staff(new Fixtures.TestPractice(practice, null), StaffRole.DOCTOR);
		Visitor visitor = signedIn(doctor);
		String home = visitor.get("/practice").body();
		assertThat(home).contains("The 50 most recently enrolled of your practice&#39;s 100 patients");
		String first = ids.get(0);
		Visitor.Page record = visitor.get("/practice/patients/" + first);
		assertThat(record.status()).isEqualTo(200);
		assertThat(record.body()).contains(PopulationGenerator.nhi(made.first()).value());
	}

	@Test
	void everyNhiItHandsOutIsValidDistinctAndInTheTestRange() {
		Set<String> seen = new HashSet<>();
		for (long g = 0; g < PopulationGenerator.MOST_PATIENTS; g++) {
			String nhi = PopulationGenerator.nhi(g).value();
			if (!nhi.startsWith("Z")) {
				throw new AssertionError("outside the test range: " + nhi);
			}
			if (Character.isDigit(nhi.charAt(5)) && nhi.startsWith("ZZ")) {
				throw new AssertionError("in the block kept for hand-made test patients: " + nhi);
			}
			if (!seen.add(nhi)) {
				throw new AssertionError("handed out twice: " + nhi);
			}
		}
		Nhi fixture = Fixtures.uniqueNhi();
		assertThat(fixture.value()).startsWith("ZZ");
		assertThat(seen).doesNotContain(fixture.value());
		assertThat(seen).hasSize((int) PopulationGenerator.MOST_PATIENTS);
	}

	private long count(String sql, List<String> ids) {
		return this.jdbc.sql(sql).param("ids", ids).query(Long.class).single();
	}

}
