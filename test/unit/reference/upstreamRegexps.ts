/**
 * Test oracle: the regexps of distribution/reference `regexp.go`, assembled
 * from the same fragments. JS backtracking picks the same submatches as RE2's
 * leftmost-first rule, but may take exponential time, so feed these short
 * strings only.
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tag = '[\\w][\\w.-]{0,127}';
// RE2's [[:xdigit:]] spelled out for JS.
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const identifier = '([a-f0-9]{64})';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

export const anchoredDomainAndPort = new RegExp(`^${domainAndPort}$`);
export const anchoredTag = new RegExp(`^${tag}$`);
export const anchoredDigest = new RegExp(`^${digestPat}$`);
export const anchoredIdentifier = new RegExp(`^${identifier}$`);
export const anchoredRemoteName = new RegExp(`^${remoteName}$`);
export const anchoredName = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
export const reference = new RegExp(`^(${namePat})(?::(${tag}))?(?:@(${digestPat}))?$`);
