#ifndef PRAXIS_CCRYPTO_SHIM_H
#define PRAXIS_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 only: it uses the CPU's SHA instructions where there are any,
// which makes hashing every incoming message cheap. Debian: libssl-dev.
#include <openssl/evp.h>
#endif
