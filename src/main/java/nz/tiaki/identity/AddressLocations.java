package nz.tiaki.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Where an address is, from a file of address ranges the operator supplies: the CSV shape of
 * DB-IP's free "lite" downloads, either {@code first,last,country} (IP to Country) or
 * {@code first,last,continent,country,region,city,latitude,longitude} (IP to City), plain or
 * gzipped, IPv4 and IPv6 together. Ranges are held in sorted arrays (about 40 bytes each), so
 * a lookup is a binary search and the memory is fixed by the file.
 */
final class AddressLocations {

	/** The country (ISO 3166 alpha-2), and a point when the file has one. */
	record Place(String country, double latitude, double longitude, boolean hasPoint) {

		/**
		 * @return the country's English name ("New Zealand")
		 */
		String countryName() {
			String name = new Locale("", this.country).getDisplayCountry(Locale.ENGLISH);
			return name.isBlank() ? this.country : name;
		}

		/**
		 * @return the great-circle distance to another point, in kilometres
		 */
		double kilometresTo(Place other) {
			double lat1 = Math.toRadians(this.latitude);
			double lat2 = Math.toRadians(other.latitude);
			double dLat = lat2 - lat1;
			double dLon = Math.toRadians(other.longitude - this.longitude);
			double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
					+ Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
			return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(a)));
		}

		@Override
		public String toString() {
			return "Place[" + this.country + "]";
		}
	}

	private final long[] firstHigh;

	private final long[] firstLow;

	private final long[] lastHigh;

	private final long[] lastLow;

	private final short[] country;

	private final float[] latitude;

	private final float[] longitude;

	private final String[] countries;

	private AddressLocations(Ranges ranges) {
		int n = ranges.size;
		Integer[] order = new Integer[n];
		Arrays.setAll(order, i -> i);
		Arrays.sort(order, (a, b) -> compare(ranges.firstHigh[a], ranges.firstLow[a], ranges.firstHigh[b],
				ranges.firstLow[b]));
		this.firstHigh = new long[n];
		this.firstLow = new long[n];
		this.lastHigh = new long[n];
		this.lastLow = new long[n];
		this.country = new short[n];
		this.latitude = new float[n];
		this.longitude = new float[n];
		for (int i = 0; i < n; i++) {
			int from = order[i];
			this.firstHigh[i] = ranges.firstHigh[from];
			this.firstLow[i] = ranges.firstLow[from];
			this.lastHigh[i] = ranges.lastHigh[from];
			this.lastLow[i] = ranges.lastLow[from];
			this.country[i] = ranges.country[from];
			this.latitude[i] = ranges.latitude[from];
			this.longitude[i] = ranges.longitude[from];
		}
		this.countries = ranges.countries.toArray(String[]::new);
	}

	/**
	 * @param file the range file
	 * @return the ranges in it
	 * @throws IOException when it cannot be read
	 * @throws IllegalArgumentException naming the first line that is not a range
	 */
	static AddressLocations load(Path file) throws IOException {
		Ranges ranges = new Ranges();
		boolean gzipped = file.getFileName().toString().endsWith(".gz");
		try (BufferedReader reader = gzipped
				? new BufferedReader(new java.io.InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
						StandardCharsets.UTF_8))
				: Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				try {
					ranges.add(fields(line));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"Line " + number + " of " + file.getFileName() + " is not an address range: " + ex.getMessage());
				}
			}
		}
		return new AddressLocations(ranges);
	}

	/**
	 * @return how many ranges are held
	 */
	int size() {
		return this.firstHigh.length;
	}

	/**
	 * @param address a literal IPv4 or IPv6 address (never a name: nothing is looked up)
	 * @return where it is, when a range holds it
	 */
	Optional<Place> locate(String address) {
		long[] key = address == null ? null : parse(address);
		if (key == null) {
			return Optional.empty();
		}
		int low = 0;
		int high = this.firstHigh.length - 1;
		int found = -1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			if (compare(this.firstHigh[mid], this.firstLow[mid], key[0], key[1]) <= 0) {
				found = mid;
				low = mid + 1;
			}
			else {
				high = mid - 1;
			}
		}
		if (found < 0 || compare(key[0], key[1], this.lastHigh[found], this.lastLow[found]) > 0) {
			return Optional.empty();
		}
		float lat = this.latitude[found];
		float lon = this.longitude[found];
		boolean point = !Float.isNaN(lat) && !Float.isNaN(lon);
		return Optional.of(new Place(this.countries[this.country[found]], point ? lat : 0, point ? lon : 0, point));
	}

	private static int compare(long highA, long lowA, long highB, long lowB) {
		int high = Long.compareUnsigned(highA, highB);
		return high != 0 ? high : Long.compareUnsigned(lowA, lowB);
	}

	/**
	 * @return the address as 128 bits (IPv4 mapped into IPv6), or null when it is not a literal
	 */
	static long[] parse(String address) {
		String text = address.strip();
		if (text.isEmpty() || text.length() > 45 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
			return null;
		}
		if (text.indexOf(':') < 0
				&& (text.chars().filter(c -> c == '.').count() != 3 || !text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
			return null; // only a dotted quad of digits, so no name is ever resolved
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(text).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
		long high = 0;
		long low;
		if (bytes.length == 4) {
			low = 0x0000_ffff_0000_0000L | ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16)
					| ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL);
		}
		else {
			low = 0;
			for (int i = 0; i < 8; i++) {
				high = (high << 8) | (bytes[i] & 0xffL);
				low = (low << 8) | (bytes[i + 8] & 0xffL);
			}
		}
		return new long[] { high, low };
	}

	/**
	 * Splits one CSV line, with double-quoted fields that may hold commas.
	 */
	static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	private static final class Ranges {

		private int size;

		private long[] firstHigh = new long[1024];

		private long[] firstLow = new long[1024];

		private long[] lastHigh = new long[1024];

		private long[] lastLow = new long[1024];

		private short[] country = new short[1024];

		private float[] latitude = new float[1024];

		private float[] longitude = new float[1024];

		private final List<String> countries = new ArrayList<>();

		private final Map<String, Short> countryIndex = new HashMap<>();

		void add(List<String> fields) {
			if (fields.size() != 3 && fields.size() != 8) {
				throw new IllegalArgumentException("expected 3 or 8 fields, found " + fields.size());
			}
			long[] first = parse(fields.get(0));
			long[] last = parse(fields.get(1));
			if (first == null || last == null) {
				throw new IllegalArgumentException("the first two fields must be addresses");
			}
			if (compare(first[0], first[1], last[0], last[1]) > 0) {
				throw new IllegalArgumentException("the range ends before it starts");
			}
			String code = (fields.size() == 3 ? fields.get(2) : fields.get(3)).strip().toUpperCase(Locale.ROOT);
			if (!code.matches("[A-Z]{2}")) {
				throw new IllegalArgumentException("the country must be a two-letter code");
			}
			float lat = Float.NaN;
			float lon = Float.NaN;
			if (fields.size() == 8) {
				try {
					lat = Float.parseFloat(fields.get(6).strip());
					lon = Float.parseFloat(fields.get(7).strip());
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("latitude and longitude must be numbers");
				}
				if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
					throw new IllegalArgumentException("latitude or longitude out of range");
				}
			}
			if (this.size == this.firstHigh.length) {
				int grown = this.size * 2;
				this.firstHigh = Arrays.copyOf(this.firstHigh, grown);
				this.firstLow = Arrays.copyOf(this.firstLow, grown);
				this.lastHigh = Arrays.copyOf(this.lastHigh, grown);
				this.lastLow = Arrays.copyOf(this.lastLow, grown);
				this.country = Arrays.copyOf(this.country, grown);
				this.latitude = Arrays.copyOf(this.latitude, grown);
				this.longitude = Arrays.copyOf(this.longitude, grown);
			}
			this.firstHigh[this.size] = first[0];
			this.firstLow[this.size] = first[1];
			this.lastHigh[this.size] = last[0];
			this.lastLow[this.size] = last[1];
			this.country[this.size] = this.countryIndex.computeIfAbsent(code, c -> {
				this.countries.add(c);
				return (short) (this.countries.size() - 1);
			});
			this.latitude[this.size] = lat;
			this.longitude[this.size] = lon;
			this.size++;
		}

	}

}
