package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * The HAPI plain server: our resource providers, JSON by default, links built from the
 * portal's configured origin (never from a request's Host header), and the interceptors
 * that map refusals to FHIR answers and check every response against the caller's scope.
 */
class FhirServer extends RestfulServer {

	private static final long serialVersionUID = 1L;

	private final transient List<IResourceProvider> providers;

	private final transient List<Object> interceptors;

	private final transient List<Object> operations;

	private final String base;

	private final transient ca.uhn.fhir.rest.server.IPagingProvider cursors;

	FhirServer(FhirContext context, List<IResourceProvider> providers, List<Object> operations, List<Object> interceptors,
			String base, ca.uhn.fhir.rest.server.IPagingProvider cursors) {
		super(context);
		this.cursors = cursors;
		this.providers = providers;
		this.operations = operations;
		this.interceptors = interceptors;
		this.base = base;
	}

	@Override
	protected void initialize() {
		setServerName("Tiaki");
		setImplementationDescription("Tiaki patient portal FHIR R4 API");
		setDefaultResponseEncoding(EncodingEnum.JSON);
		setServerAddressStrategy(new HardcodedServerAddressStrategy(this.base));
		setResourceProviders(this.providers);
		setPlainProviders(this.operations);
		setPagingProvider(this.cursors);
		this.interceptors.forEach(this::registerInterceptor);
	}

}
