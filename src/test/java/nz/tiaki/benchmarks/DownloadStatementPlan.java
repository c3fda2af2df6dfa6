package nz.tiaki.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.Download;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlProvider;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The plan of a download's one statement (the guard's charge and verdict, the decision's
 * record, the document's row), as the portal runs it: a patient downloads a document of
 * theirs in one session a number of times, the audit log's statements going through a
 * {@link JdbcTemplate} that keeps the last statement it was given with its values, and that
 * statement, the real text and the real values, is run once more under
 * {@code EXPLAIN (ANALYZE, BUFFERS)}. Running it charges the session once more and records
 * one more decision, as a download would.
 */
final class DownloadStatementPlan {

	private DownloadStatementPlan() {
	}

	/** Keeps the last statement it ran with a creator of its own (the audit log's bound statements). */
	private static final class Keeping extends JdbcTemplate {

		private volatile PreparedStatementCreator last;

		Keeping(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public <T> List<T> query(PreparedStatementCreator creator, RowMapper<T> rows) {
			this.last = creator;
			return super.query(creator, rows);
		}

	}

	/**
	 * @param portal a running portal whose guard limits are out of reach of {@code downloads}
	 * @param downloads how many times the document is downloaded first
	 * @return the statement's text and its plan
	 */
	static String[] explain(ConfigurableApplicationContext portal, int downloads) throws Exception {
		// the audit log itself, not the proxy that begins its transactions
		AuditTrail audit = org.springframework.test.util.AopTestUtils.getUltimateTargetObject(
				portal.getBean(AuditTrail.class));
		Keeping keeping = new Keeping(portal.getBean(DataSource.class));
		Field template = AuditTrail.class.getDeclaredField("template");
		template.setAccessible(true);
		template.set(audit, keeping);

		Practices practices = portal.getBean(Practices.class);
		Documents documents = portal.getBean(Documents.class);
		PracticeId practice = practices.create("Plan Practice");
		StaffMember doctor = practices.addStaff(practice, "Dr Plan", "plan@practice.example", StaffRole.DOCTOR);
		PatientId patient = practices.registerPatient(Fixtures.REGISTRAR, practice,
				new NewPatient(Fixtures.uniqueNhi(), "Plan", "Patient", LocalDate.of(1970, 1, 1), null));
		DocumentId document = documents.publish(new Subject(Subject.Kind.STAFF, doctor.id(), null), patient,
				DocumentKind.RESULT, "Scan", "scan.png", TestFiles.noisePng(64));
		Subject owner = new Subject(Subject.Kind.PATIENT, patient.value(), UUID.randomUUID());
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/patient/documents");
		request.setRemoteAddr("127.0.0.1");
		request.addHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 plan");
		request.setSession(new MockHttpSession(null, "plan-session"));
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		try {
			for (int i = 0; i < downloads; i++) {
				try (Download download = documents.download(owner, document, null, () -> "Plan Patient")) {
					download.readAll();
				}
			}
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
		PreparedStatementCreator last = keeping.last;
		String sql = ((SqlProvider) last).getSql();
		List<String> plan = new ArrayList<>();
		try (Connection connection = portal.getBean(DataSource.class).getConnection()) {
			// the creator binds its values by position to whatever statement it is handed
			Connection explaining = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						if (method.getName().equals("prepareStatement") && arguments.length == 1) {
							return connection.prepareStatement("explain (analyze, buffers) " + arguments[0]);
						}
						return method.invoke(connection, arguments);
					});
			try (PreparedStatement statement = last.createPreparedStatement(explaining);
					ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					plan.add(rows.getString(1));
				}
			}
		}
		template.set(audit, portal.getBean(JdbcTemplate.class));
		return new String[] { sql, String.join("\n", plan) };
	}

}
