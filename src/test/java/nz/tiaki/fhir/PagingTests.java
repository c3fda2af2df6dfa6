package nz.tiaki.fhir;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paging of searches with opaque cursors: every result once across the pages, a cursor
 * useless to any other grant, and pages that stop when access is withdrawn (FHIR R4 paging;
 * OWASP API1 and API4).
 */
class PagingTests extends PortalTest {

	@Autowired
	private Apps apps;

	@Autowired
	private Records records;

	private Fixtures.TestAccount patient;

	private final List<String> results = new ArrayList<>();

	private SmartApp app;

	@BeforeEach
	void sevenResults() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patient(practice);
		for (int i = 0; i < 7; i++) {
			EntryId id = this.records.add(Fixtures.staffSubject(doctor), new PatientId(this.patient.holderId()),
					NewEntries.build(Category.RESULT, "Result " + i, "", String.valueOf(i), "g/L", "", ""));
			this.records.release(Fixtures.staffSubject(doctor), id);
			this.results.add(id.value().toString());
		}
		this.app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Paging app", List.of(SmartApp.REDIRECT)));
	}

	@Test
	void everyResultArrivesOnceAcrossThePages() {
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/*.rs").accessToken());
		Bundle page = fhir.search().forResource(Observation.class).count(3).returnBundle(Bundle.class).execute();
		List<String> seen = new ArrayList<>();
		List<Integer> sizes = new ArrayList<>();
		while (true) {
			sizes.add(page.getEntry().size());
			page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_getpages=").doesNotContain("Observation?");
			page = fhir.loadPage().next(page).execute();
		}
		assertThat(sizes).containsExactly(3, 3, 1);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(this.results);
	}

	@Test
	void aCursorIsUselessToAnyOtherGrant() {
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/*.rs").accessToken());
		Bundle first = fhir.search().forResource(Observation.class).count(3).returnBundle(Bundle.class).execute();
		String next = first.getLink(Bundle.LINK_NEXT).getUrl();

		Fixtures.TestAccount stranger = this.fixtures.patient(this.fixtures.practice());
		String otherToken = this.app.connect(signedIn(stranger), "launch/patient patient/*.rs").accessToken();
		Visitor client = visitor();
		Visitor.Page answer = client.send(HttpRequest.newBuilder(java.net.URI.create(next))
			.GET()
			.header("Accept", "application/fhir+json")
			.header("Authorization", "Bearer " + otherToken));
		assertThat(answer.status()).isEqualTo(410);
		for (String result : this.results) {
			assertThat(answer.body()).doesNotContain(result);
		}
	}

	@Test
	void pagesStopWhenAccessIsWithdrawn() {
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/*.rs").accessToken());
		Bundle first = fhir.search().forResource(Observation.class).count(3).returnBundle(Bundle.class).execute();
		this.apps.disconnect(this.patient.id(), this.app.clientId());
		assertThatThrownBy(() -> fhir.loadPage().next(first).execute()).isInstanceOf(AuthenticationException.class);
	}

}
