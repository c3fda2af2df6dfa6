/**
 * The PostgreSQL connection, including the embedded server used when none is configured.
 */
package nz.tiaki.shared.database;
