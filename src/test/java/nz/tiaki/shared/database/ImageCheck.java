package nz.tiaki.shared.database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the portal image the way a container runtime would, without one: unpacks its layers
 * into a root file system, mounts that read-only (with {@code /tmp} as tmpfs and a keys
 * volume), and starts the image's own entrypoint as the image's user, chrooted, against a
 * throwaway PostgreSQL. Passes when the sign-in page answers and the process runs as uid
 * 10001. Needs root (for the mounts and chroot), as building containers does. Run by
 * {@code scripts/image --check}.
 */
public final class ImageCheck {

	private ImageCheck() {
	}

	public static void main(String[] args) throws Exception {
		Path image = Path.of(args[0]).toAbsolutePath();
		Path work = Path.of(args[1]).toAbsolutePath();
		Path root = work.resolve("rootfs");
		Path keys = work.resolve("keys");
		Files.createDirectories(root);
		Files.createDirectories(keys);
		run(List.of("chown", "10001:10001", keys.toString()));

		Path unpacked = work.resolve("oci");
		Files.createDirectories(unpacked);
		run(List.of("tar", "-xf", image.toString(), "-C", unpacked.toString()));
		ObjectMapper json = new ObjectMapper();
		JsonNode index = json.readTree(unpacked.resolve("index.json").toFile());
		JsonNode manifest = json.readTree(blob(unpacked, index.path("manifests").get(0).path("digest").asText()).toFile());
		for (JsonNode layer : manifest.path("layers")) {
			run(List.of("tar", "-xf", blob(unpacked, layer.path("digest").asText()).toString(), "-C", root.toString()));
		}
		JsonNode config = json.readTree(blob(unpacked, manifest.path("config").path("digest").asText()).toFile())
			.path("config");
		String user = config.path("User").asText();
		List<String> command = new ArrayList<>();
		config.path("Entrypoint").forEach(part -> command.add(part.asText()));
		config.path("Cmd").forEach(part -> command.add(part.asText()));
		System.out.println("image user " + user + ", entrypoint " + command.subList(0, Math.min(3, command.size())) + " …");

		int port = freePort();
		try (EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseSettings("", "tiaki_app", null, "postgres",
				null, work.resolve("postgres"), 0, Duration.ofSeconds(5), 20))) {
			command.addAll(List.of("--server.port=" + port, "--tiaki.web.origin=http://localhost:" + port,
					"--tiaki.db.url=jdbc:postgresql://localhost:" + database.port() + "/tiaki",
					"--tiaki.db.username=tiaki_app", "--tiaki.db.owner-username=postgres", "--tiaki.demo.enabled=false",
					"--tiaki.vault.master-key-file=/app/data/keys/master.json",
					"--tiaki.audit.signing-key-file=/app/data/keys/audit-signing.json"));
			String mount = tool("mount");
			String mounts = String.join(" && ", List.of(mount + " --bind '" + root + "' '" + root + "'",
					mount + " -o remount,bind,ro '" + root + "'",
					// proof that it is read-only: even root cannot write there now, or nothing starts
					"! touch '" + root + "/app/written' 2>/dev/null",
					mount + " -t tmpfs -o mode=1777 tmpfs '" + root + "/tmp'", mount + " --rbind /dev '" + root + "/dev'",
					mount + " -t proc proc '" + root + "/proc'", mount + " --bind '" + keys + "' '" + root + "/app/data/keys'", "exec " + tool("chroot") + " --userspec=" + user + " '" + root
							+ "' \"$@\""));
			List<String> outer = new ArrayList<>(List.of(tool("unshare"), "--mount", "--propagation", "private", "--fork", "sh",
					"-c", mounts, "container"));
			outer.addAll(command);
			ProcessBuilder builder = new ProcessBuilder(outer).redirectErrorStream(true)
				.redirectOutput(work.resolve("portal.log").toFile());
			Map<String, String> environment = builder.environment();
			environment.clear();
			config.path("Env").forEach(entry -> {
				String[] pair = entry.asText().split("=", 2);
				environment.put(pair[0], pair[1]);
			});
			Process portal = builder.start();
			try {
				boolean up = waitForSignIn(port, portal);
				if (!up) {
					throw new IllegalStateException("The image's portal did not answer; see " + work.resolve("portal.log"));
				}
				System.out.println("The image's portal answers /signin with 200.");
				String uid = uidOf(portal).orElseThrow(() -> new IllegalStateException("The portal process was not found"));
				if (!uid.equals("10001")) {
					throw new IllegalStateException("The portal runs as uid " + uid + ", not 10001");
				}
				System.out.println("It runs as uid " + uid + " on a read-only root file system, with /tmp as tmpfs.");
			}
			finally {
				portal.descendants().forEach(ProcessHandle::destroy);
				portal.destroy();
				if (!portal.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
					portal.descendants().forEach(ProcessHandle::destroyForcibly);
					portal.destroyForcibly();
				}
			}
		}
	}

	/** A system tool's full path: the container's environment has the image's PATH, not ours. */
	private static String tool(String name) {
		for (String folder : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
			if (Files.isExecutable(Path.of(folder, name))) {
				return folder + "/" + name;
			}
		}
		throw new IllegalStateException(name + " is not installed");
	}

	private static Path blob(Path layout, String digest) {
		return layout.resolve("blobs").resolve(digest.replace(':', '/'));
	}

	private static boolean waitForSignIn(int port, Process portal) {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest signIn = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/signin")).build();
		try {
			org.awaitility.Awaitility.await("the image's portal to answer")
				.atMost(Duration.ofSeconds(180))
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> !portal.isAlive()
						|| http.send(signIn, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			return false;
		}
		return portal.isAlive();
	}

	/** The uid of the Java process the container's start-up chain ends in. */
	private static Optional<String> uidOf(Process portal) {
		return portal.descendants()
			.filter(process -> process.info().command().map(c -> c.endsWith("/java")).orElse(false))
			.map(process -> {
				try {
					return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))
						.stream()
						.filter(line -> line.startsWith("Uid:"))
						.map(line -> line.split("\\s+")[1])
						.findFirst()
						.orElse("?");
				}
				catch (IOException ex) {
					return "?";
				}
			})
			.findFirst();
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed");
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
