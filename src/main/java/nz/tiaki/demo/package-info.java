/**
 * Demo data for a first run on the embedded database: one practice, its staff and
 * synthetic patients. Never runs against a configured database.
 */
package nz.tiaki.demo;
