/**
 * Practices, their staff and roles, and which patients are enrolled where.
 */
package nz.tiaki.clinics;
