/**
 * The PostgreSQL connection, including the embedded server used when none is configured.
 */
@org.springframework.modulith.NamedInterface("database")
package nz.tiaki.shared.database;
