using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// Time one stage of a quality check took: wall seconds and the process's CPU seconds (all threads; the check is
    /// single-threaded, so on a busy machine the CPU figure is the one that says what the check costs).
    /// </summary>
    public sealed class QualityStageTime
    {
        internal QualityStageTime(string stage, double wallSeconds, double cpuSeconds)
        {
            Stage = stage;
            WallSeconds = wallSeconds;
            CpuSeconds = cpuSeconds;
        }

        /// <summary>Stage name: read, brain mask, detection, measures, renders (or head mask in an audit).</summary>
        public string Stage { get; }

        /// <summary>Elapsed wall-clock seconds.</summary>
        public double WallSeconds { get; }

        /// <summary>Process CPU seconds spent during the stage.</summary>
        public double CpuSeconds { get; }

        public override string ToString() => $"{Stage}: {WallSeconds:0.000} s wall, {CpuSeconds:0.000} s CPU";
    }

    /// <summary>Records consecutive stages into a list of <see cref="QualityStageTime"/>.</summary>
    internal sealed class QualityStageClock
    {
        private readonly List<QualityStageTime> _stages = new List<QualityStageTime>();
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly Process _process = Process.GetCurrentProcess();
        private TimeSpan _lastCpu;
        private double _lastWall;

        public QualityStageClock()
        {
            _lastCpu = _process.TotalProcessorTime;
        }

        public IReadOnlyList<QualityStageTime> Stages => _stages;

        /// <summary>Closes the stage that ran since the previous call (or since construction).</summary>
        public void Lap(string stage)
        {
            _process.Refresh();
            var cpu = _process.TotalProcessorTime;
            double wall = _wall.Elapsed.TotalSeconds;
            _stages.Add(new QualityStageTime(stage, wall - _lastWall, (cpu - _lastCpu).TotalSeconds));
            _lastCpu = cpu;
            _lastWall = wall;
        }
    }
}
