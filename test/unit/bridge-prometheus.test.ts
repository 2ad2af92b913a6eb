import { flatSamples, nestedSamples, renderPrometheus } from '../../mesos-bridge/ops/prometheus';

test('renders counters and gauges with escaped labels in the text exposition format', () => {
  const text = renderPrometheus([
    {
      name: 'scaleio_bridge_offers_total',
      help: 'Offers by outcome.',
      type: 'counter',
      samples: flatSamples({ declined: 7, used: 2 }, 'outcome'),
    },
    {
      name: 'scaleio_bridge_calls_total',
      help: 'Calls.',
      type: 'counter',
      samples: nestedSamples({ ACCEPT: { '202': 3 } }, 'type', 'status'),
    },
    {
      name: 'scaleio_bridge_weird',
      help: 'Escaping.',
      type: 'gauge',
      samples: [{ labels: { v: 'a"b\\c\nd' }, value: NaN }],
    },
  ]);
  expect(text.split('\n')).toEqual([
    '# HELP scaleio_bridge_offers_total Offers by outcome.',
    '# TYPE scaleio_bridge_offers_total counter',
    'scaleio_bridge_offers_total{outcome="declined"} 7',
    'scaleio_bridge_offers_total{outcome="used"} 2',
    '# HELP scaleio_bridge_calls_total Calls.',
    '# TYPE scaleio_bridge_calls_total counter',
    'scaleio_bridge_calls_total{type="ACCEPT",status="202"} 3',
    '# HELP scaleio_bridge_weird Escaping.',
    '# TYPE scaleio_bridge_weird gauge',
    'scaleio_bridge_weird{v="a\\"b\\\\c\\nd"} 0',
    '',
  ]);
});
