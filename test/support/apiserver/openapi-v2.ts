// A minimal /openapi/v2: kubectl 1.27 fetches it (as protobuf) before it
// validates `apply -f`, then leaves validation to the server because
// /openapi/v3 declares fieldValidation. No definitions, so kubectl computes
// strategic merge patches from its built-in types, as it does for v3.

/** Protobuf length-delimited field (wire type 2). */
function field(number: number, payload: Buffer): Buffer {
  const length: number[] = [];
  let n = payload.length;
  while (n > 0x7f) {
    length.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  length.push(n);
  return Buffer.concat([Buffer.from([(number << 3) | 2, ...length]), payload]);
}

/** gnostic openapi_v2.Document { swagger = 1; info = 2 { title = 1; version = 2 } }. */
export function openApiV2Protobuf(version: string): Buffer {
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from(version))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}

export function openApiV2Json(version: string): unknown {
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths: {}, definitions: {} };
}
