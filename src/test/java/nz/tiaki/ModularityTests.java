package nz.tiaki;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries hold: no cycles, and no module reaches into another's internals.
 * Also writes the module diagram into the documentation.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(TiakiApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void writeModuleDiagrams() throws java.io.IOException {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
		try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("docs/modules"))) {
			for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
				stabilise(file);
			}
		}
	}

	/**
	 * The documenter lists relations in no fixed order; sorting them keeps the diagrams from
	 * changing when the modules have not.
	 */
	private static void stabilise(java.nio.file.Path file) throws java.io.IOException {
		java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
		java.util.List<String> out = new java.util.ArrayList<>();
		java.util.List<String> run = new java.util.ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("Rel(")) {
				run.add(line);
				continue;
			}
			java.util.Collections.sort(run);
			out.addAll(run);
			run.clear();
			out.add(line);
		}
		java.util.Collections.sort(run);
		out.addAll(run);
		java.nio.file.Files.write(file, out);
	}

}
