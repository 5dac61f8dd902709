// jstat ships no type declarations; this covers the functions closedloop uses.
declare module 'jstat' {
  interface JStat {
    ibetainv(p: number, a: number, b: number): number;
    ibeta(x: number, a: number, b: number): number;
    betafn(a: number, b: number): number;
    betaln(a: number, b: number): number;
    betacf(x: number, a: number, b: number): number;
    gammaln(x: number): number;
    erf(x: number): number;
    erfc(x: number): number;
    erfcinv(p: number): number;
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
      pdf(x: number, mean: number, sd: number): number;
    };
    beta: {
      inv(p: number, a: number, b: number): number;
      cdf(x: number, a: number, b: number): number;
      pdf(x: number, a: number, b: number): number;
      mean(a: number, b: number): number;
      variance(a: number, b: number): number;
    };
    lognormal: {
      inv(p: number, mu: number, sigma: number): number;
      cdf(x: number, mu: number, sigma: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
