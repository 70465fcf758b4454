type TypedArrayType =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

// One buffer per role, per thread (each worker has its own module instance).
const buffers = new Map<string, ArrayBuffer>();

/**
 * A zeroed column of `length` elements for `role`, on a buffer reused by every later run in
 * this thread. Fresh pages cost ~1 ms per MB here and do not scale across cores, and a
 * replication allocates ~30 MB of columns; reusing them makes later runs touch no new memory.
 * Only for columns that never leave a run (visitor columns, exits): what a run returns is
 * always freshly allocated, and runs in one thread never overlap (they are synchronous).
 */
export function scratch<T extends TypedArrayType>(
  role: string,
  Type: T,
  length: number,
): InstanceType<T> {
  const bytes = length * Type.BYTES_PER_ELEMENT;
  const buffer = buffers.get(role);
  if (!buffer || buffer.byteLength < bytes) {
    // A new buffer is zeroed already (and its pages are not touched until written).
    const fresh = new ArrayBuffer(Math.max(8, bytes));
    buffers.set(role, fresh);
    return new Type(fresh, 0, length) as InstanceType<T>;
  }
  const column = new Type(buffer, 0, length) as InstanceType<T>;
  column.fill(0);
  return column;
}
