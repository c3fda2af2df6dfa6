/**
 * Tiaki, a patient portal for general practices: one deployable, one package per capability.
 */
package nz.tiaki;
