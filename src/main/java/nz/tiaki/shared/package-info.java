/**
 * Plumbing every module may use: the database, the page shell, errors and request origin.
 */
package nz.tiaki.shared;
