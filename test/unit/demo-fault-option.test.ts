import { faultOptions, FaultOptionError, parseFaultOption } from '../../scripts/lib/fault-option';

describe("the demo's --fault option", () => {
  test('reads a fault name and its parameters as JSON values', () => {
    expect(parseFaultOption('gateway-fail:count=3,status=503')).toEqual({
      name: 'gateway-fail',
      params: { count: 3, status: 503 },
    });
    expect(parseFaultOption('gateway-expire-tokens')).toEqual({ name: 'gateway-expire-tokens', params: {} });
    expect(parseFaultOption('kill-agent:hostname=node-2')).toEqual({
      name: 'kill-agent',
      params: { hostname: 'node-2' },
    });
  });

  test('collects every --fault of an argument list, in order', () => {
    const args = ['--once', '--fault', 'gateway-fail:count=2', '--agents', '6', '--fault', 'gateway-clear'];
    expect(faultOptions(args).map((f) => f.name)).toEqual(['gateway-fail', 'gateway-clear']);
    expect(faultOptions(['--once'])).toEqual([]);
  });

  test.each([
    ['no-such-fault', /unknown fault; known: .*gateway-fail/],
    ['gateway-fail:count=0', /count: must be at least 1, got 0/],
    ['gateway-fail:status=200', /status: must be at least 400/],
    ['gateway-fail:cont=3', /cont: is not a parameter of this fault/],
    ['gateway-fail:count', /parameters are key=value/],
    ['kill-agent', /hostname: is required/],
  ])('refuses %s with a message naming the problem', (value, message) => {
    expect(() => parseFaultOption(value)).toThrow(FaultOptionError);
    expect(() => parseFaultOption(value)).toThrow(message);
  });

  test('a --fault without a value is refused', () => {
    expect(() => faultOptions(['--fault'])).toThrow(/--fault needs a value/);
    expect(() => faultOptions(['--fault', '--once'])).toThrow(/--fault needs a value/);
  });
});
