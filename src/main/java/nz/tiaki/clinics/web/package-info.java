/**
 * Practice pages: the patient list, invitations and staff management.
 */
package nz.tiaki.clinics.web;
