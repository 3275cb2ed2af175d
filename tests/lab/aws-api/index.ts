export { startAwsApi, type AwsApi, type AwsApiCall, type AwsApiOptions, type NetworkMode } from './server';
export { signRequest, verifySigV4 } from './sigv4';
export { md5Fingerprint, parseSshPublicKey } from './ssh-key';
export { apiError, type ApiError } from './wire';
