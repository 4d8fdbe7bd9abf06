/**
 * The version of the lifecycle machine's states and context, recorded in every snapshot. Bump it when
 * a snapshot taken by the previous machine could not be restored correctly by this one; a snapshot
 * of another version is then refused instead of misread (test/machines/lifecycle-version.test.ts
 * notices every change to the machine and asks whether this needs bumping).
 */
export const LIFECYCLE_VERSION = 2;
