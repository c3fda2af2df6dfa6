/**
 * The patient registry: who a patient is (NHI, name, date of birth, contact).
 */
package nz.tiaki.patients;
