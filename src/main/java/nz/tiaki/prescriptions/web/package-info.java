/**
 * Repeat prescription pages: asking and seeing answers for patients, the queue for
 * clinicians.
 */
package nz.tiaki.prescriptions.web;
