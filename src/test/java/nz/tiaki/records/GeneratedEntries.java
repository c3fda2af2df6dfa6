package nz.tiaki.records;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import nz.tiaki.access.Grant;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.vault.GeneratedKeys;
import nz.tiaki.vault.Vault;
import org.hl7.fhir.r4.model.Resource;

/**
 * A generated record entry's sealed content, made as {@link Records} makes it (the resource
 * with its id and subject set, as FHIR JSON, sealed as a record), for bulk writing.
 */
public final class GeneratedEntries {

	private final Records records;

	private final Vault vault;

	private final IParser parser;

	public GeneratedEntries(Records records, Vault vault, FhirContext fhir) {
		this.records = records;
		this.vault = vault;
		this.parser = fhir.newJsonParser();
	}

	/** @return the stored entry opened and parsed back */
	public Resource open(Grant grant, UUID entryId, byte[] sealed) {
		return (Resource) this.parser.parseResource(new String(
				this.vault.open(grant, grant.patient(), Records.KIND, entryId, sealed), StandardCharsets.UTF_8));
	}

	public byte[] sealed(GeneratedKeys.Sealer sealer, PatientId patient, UUID entryId, Resource resource) {
		Resource copy = resource.copy();
		copy.setId(entryId.toString());
		this.records.setSubject(copy, patient);
		return sealer.seal(Records.KIND, entryId, this.parser.encodeResourceToString(copy).getBytes(StandardCharsets.UTF_8));
	}

}
