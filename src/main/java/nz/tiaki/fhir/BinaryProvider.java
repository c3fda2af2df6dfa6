package nz.tiaki.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.DocumentNotFound;
import nz.tiaki.documents.Download;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

import org.springframework.stereotype.Component;

/**
 * {@code Binary}: a document's content, the target of a DocumentReference's attachment
 * URL. Reading one is a download: decided, recorded and charged to the budgets exactly as a
 * browser download is, and allowed by the token's DocumentReference read scope.
 */
@Component
class BinaryProvider implements IResourceProvider {

	private final Callers callers;

	private final Documents documents;

	BinaryProvider(Callers callers, Documents documents) {
		this.callers = callers;
		this.documents = documents;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Binary.class;
	}

	@Read
	public Binary read(@IdParam IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "DocumentReference", SmartScope.Permission.READ);
		if (!id.getIdPart().startsWith(DocumentReferenceProvider.DOCUMENT_PREFIX)) {
			throw new ResourceNotFoundException(id);
		}
		try {
			Download download = this.documents.download(caller.subject(), DocumentReferenceProvider.documentId(id),
					caller.patient(), caller::clientName);
			Binary binary = new Binary();
			binary.setId(new IdType("Binary", id.getIdPart()));
			binary.setContentType(download.mediaType());
			binary.setData(download.readAll());
			return binary;
		}
		catch (DocumentNotFound ex) {
			throw new ResourceNotFoundException(id);
		}
	}

}
