/**
 * Documents: sealed content, an upload pipeline that checks what a file really is, and
 * downloads that are each one recorded, budgeted decision and stamp every PDF page.
 */
package nz.tiaki.documents;
