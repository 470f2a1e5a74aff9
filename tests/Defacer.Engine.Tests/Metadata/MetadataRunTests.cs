using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Defacer.Engine.Metadata;
using Defacer.Engine.Safety;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class MetadataRunTests
    {
        private static MetadataOptions Seeded() => new MetadataOptions { DateShiftSeed = 7 };

        private static List<MetadataChange> RunAll(string root, MetadataOptions options, List<MetadataFilePlan>? errors = null)
        {
            var run = new MetadataRun(root, options);
            var changes = new List<MetadataChange>();
            foreach (var plan in run.Plan(buildContent: true).ToList())
            {
                if (plan.Error != null)
                {
                    errors?.Add(plan);
                    continue;
                }
                if (plan.HasChanges)
                {
                    changes.Add(run.Apply(plan));
                }
            }
            return changes;
        }

        private static JToken Load(string path) =>
            JToken.ReadFrom(new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal });

        private static IEnumerable<string> PropertyNames(JToken token, int depth = 0)
        {
            if (token is JObject obj)
            {
                foreach (var p in obj.Properties())
                {
                    yield return depth == 0 ? "^" + p.Name : p.Name;
                    foreach (var n in PropertyNames(p.Value, depth + 1)) yield return n;
                }
            }
            else if (token is JArray arr)
            {
                foreach (var item in arr)
                    foreach (var n in PropertyNames(item, depth + 1)) yield return n;
            }
        }

        private static bool IsListA(string name) =>
            name.StartsWith("^", StringComparison.Ordinal)
                ? IdentifyingKeys.GroupOf(name.Substring(1), 0).HasValue
                : IdentifyingKeys.Removed.ContainsKey(name);

        public static IEnumerable<object[]> Datasets() => ExampleDataset.Names.Select(n => new object[] { n });

        [Theory]
        [MemberData(nameof(Datasets))]
        public void AfterARun_NoListAKeyRemains_AndEveryChangedJsonEqualsTheOriginalMinusRemovedKeys(string name)
        {
            using var ds = new ExampleDataset(name);
            var before = ds.Snapshot();

            var changes = RunAll(ds.Root, Seeded());

            foreach (var file in DatasetWalker.Enumerate(ds.Root, includeDerivatives: false).Where(f => f.Kind == MetadataFileKind.Json))
            {
                var leftovers = PropertyNames(Load(file.FullPath)).Where(IsListA).ToList();
                Assert.True(leftovers.Count == 0, $"{file.RelativePath} still has {string.Join(", ", leftovers)}");
            }
            foreach (var change in changes.Where(c => c.Kind == MetadataFileKind.Json))
            {
                var original = Load(change.BackupPath);
                Assert.Equal(before[change.RelativePath], FileHashing.Sha256(change.BackupPath));
                foreach (var removed in change.Removed)
                {
                    var parts = removed.Split('.');
                    var parent = parts.Take(parts.Length - 1).Aggregate(original, (t, p) => t[p]!);
                    ((JObject)parent).Remove(parts.Last());
                }
                Assert.True(JToken.DeepEquals(original, Load(change.Path)), change.RelativePath);
            }
            // Files that were not reported as changed are byte-identical.
            var after = ds.Snapshot();
            var changedPaths = new HashSet<string>(changes.Select(c => c.RelativePath));
            foreach (var pair in before.Where(p => !changedPaths.Contains(p.Key)))
            {
                Assert.Equal(pair.Value, after[pair.Key]);
            }
        }

        [Fact]
        public void Ds000117_RootSidecar_IsCleaned_AndMegDatesLandIn1902To1925_WithOneOffsetPerSubject()
        {
            using var ds = new ExampleDataset("ds000117");
            var changes = RunAll(ds.Root, Seeded());

            var root = changes.Single(c => c.RelativePath == "acq-mprage_T1w.json");
            Assert.Contains("DeviceSerialNumber", root.Removed);
            Assert.Contains("StationName", root.Removed);
            Assert.Contains("InstitutionAddress", root.Removed);
            Assert.DoesNotContain("MRC35119", File.ReadAllText(ds.File("acq-mprage_T1w.json")));

            var scans = File.ReadAllLines(ds.File("sub-01/ses-meg/sub-01_ses-meg_scans.tsv")).Skip(1).Select(l => l.Split('\t')[1]).ToList();
            var originals = File.ReadAllLines(Path.Combine(TestData.BidsExamples, "ds000117/sub-01/ses-meg/sub-01_ses-meg_scans.tsv")).Skip(1).Select(l => l.Split('\t')[1]).ToList();
            var store = DateShiftStore.Load(Path.Combine(ds.Root, "sourcedata", "defacer"));
            Assert.True(store.TryGet("sub-01", out var days));
            for (int i = 0; i < scans.Count; i++)
            {
                var shifted = DateTime.Parse(scans[i].Substring(0, 10));
                Assert.InRange(shifted.Year, 1902, 1925);
                Assert.Equal(DateTime.Parse(originals[i].Substring(0, 10)).AddDays(days), shifted);
                Assert.Equal(originals[i].Substring(10), scans[i].Substring(10));
            }
        }

        [Fact]
        public void SecondRun_ChangesNothing_AndANewSessionGetsTheStoredOffset()
        {
            using var ds = new ExampleDataset("ds000117");
            RunAll(ds.Root, Seeded());
            var afterFirst = ds.Snapshot();

            Assert.Empty(RunAll(ds.Root, new MetadataOptions()));   // unseeded: the store decides, not the seed
            Assert.Equal(afterFirst, ds.Snapshot());

            // A later session of sub-01 arrives with real dates.
            var newScans = ds.File("sub-01/ses-later/sub-01_ses-later_scans.tsv");
            Directory.CreateDirectory(Path.GetDirectoryName(newScans)!);
            File.WriteAllText(newScans, "filename\tacq_time\nmeg/x_meg.fif\t2009-04-19T08:00:00\n");
            RunAll(ds.Root, new MetadataOptions());

            DateShiftStore.Load(Path.Combine(ds.Root, "sourcedata", "defacer")).TryGet("sub-01", out var days);
            Assert.Equal(new DateTime(2009, 4, 19).AddDays(days).ToString("yyyy-MM-dd") + "T08:00:00", File.ReadAllLines(newScans)[1].Split('\t')[1]);
        }

        [Fact]
        public void PlanWithoutApply_WritesNothing()
        {
            using var ds = new ExampleDataset("ds004332");
            var before = ds.Snapshot();
            var plans = new MetadataRun(ds.Root, Seeded()).Plan(buildContent: true).ToList();
            Assert.Contains(plans, p => p.HasChanges);
            Assert.Equal(before, ds.Snapshot());
            Assert.False(Directory.Exists(Path.Combine(ds.Root, "sourcedata")));
        }

        [Fact]
        public void MalformedJson_IsAPerFileErrorNamingTheLine_AndTheFileIsUntouched()
        {
            using var ds = new ExampleDataset("ds051");
            var bad = ds.File("T1w.json");
            File.WriteAllText(bad, "{\n  \"PatientName\": \"x\",\n  \"A\": 1,\n}\n");
            var errors = new List<MetadataFilePlan>();

            RunAll(ds.Root, Seeded(), errors);

            var error = Assert.Single(errors);
            var format = Assert.IsType<MetadataFormatException>(error.Error);
            Assert.Equal(bad, format.Path);
            Assert.Equal(4, format.Line);
            Assert.Equal("{\n  \"PatientName\": \"x\",\n  \"A\": 1,\n}\n", File.ReadAllText(bad));
        }

        [Fact]
        public void AnnexSymlinkedSidecar_IsReplaced_TheAnnexObjectKeepsItsBytes()
        {
            using var ds = new ExampleDataset("ds051");
            var sidecar = ds.File("sub-01/anat/sub-01_run-01_T1w.json");   // ds051 has no such sidecar: the link is the only one
            var objectDir = Directory.CreateDirectory(ds.File(".git/annex/objects/Ab/cd/KEY")).FullName;
            var objectPath = Path.Combine(objectDir, "KEY");
            File.WriteAllText(objectPath, "{\"InstitutionName\":\"Somewhere\",\"EchoTime\":0.01}");
            File.CreateSymbolicLink(sidecar, "../../.git/annex/objects/Ab/cd/KEY/KEY");
            var objectHash = FileHashing.Sha256(objectPath);

            var change = RunAll(ds.Root, Seeded()).Single(c => c.Path == sidecar);

            Assert.False(PathSafety.IsSymlink(sidecar));
            Assert.Equal("{\"EchoTime\":0.01}", File.ReadAllText(sidecar));
            Assert.Equal(objectHash, FileHashing.Sha256(objectPath));
            Assert.Equal("{\"InstitutionName\":\"Somewhere\",\"EchoTime\":0.01}", File.ReadAllText(change.BackupPath));
        }

        [Fact]
        public void ReadOnlySidecar_IsCleaned_AndStaysReadOnly()
        {
            using var ds = new ExampleDataset("ds051");
            var sidecar = ds.File("sub-01/anat/sub-01_run-01_T1w.json");
            File.WriteAllText(sidecar, "{\"InstitutionName\":\"Somewhere\",\"EchoTime\":0.01}");
            var mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(sidecar, mode);
            else File.SetAttributes(sidecar, FileAttributes.ReadOnly);

            RunAll(ds.Root, Seeded()).Single(c => c.Path == sidecar);

            Assert.Equal("{\"EchoTime\":0.01}", File.ReadAllText(sidecar));
            if (!OperatingSystem.IsWindows()) Assert.Equal(mode, File.GetUnixFileMode(sidecar));
            else Assert.True((File.GetAttributes(sidecar) & FileAttributes.ReadOnly) != 0);
        }

        [Fact]
        public void DanglingAnnexLink_IsAPerFileError()
        {
            using var ds = new ExampleDataset("ds051");
            var sidecar = ds.File("sub-02/anat/sub-02_run-01_T1w.json");
            File.CreateSymbolicLink(sidecar, "../../.git/annex/objects/zz/zz/MISSING/MISSING");
            var errors = new List<MetadataFilePlan>();

            RunAll(ds.Root, Seeded(), errors);

            var error = Assert.Single(errors);
            Assert.Equal(SafetyErrorKind.ContentNotPresent, Assert.IsType<SafetyException>(error.Error).Kind);
            Assert.True(PathSafety.IsDanglingSymlink(sidecar));
        }

        [Fact]
        public void CancelledRun_LeavesEveryFileWholeEitherOldOrNew()
        {
            using var ds = new ExampleDataset("ds004332");
            var before = ds.Snapshot();
            using var cts = new CancellationTokenSource();
            var run = new MetadataRun(ds.Root, Seeded());
            int applied = 0;
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (var plan in run.Plan(true, cts.Token))
                {
                    if (!plan.HasChanges) continue;
                    run.Apply(plan, cts.Token);
                    if (++applied == 3) cts.Cancel();
                }
            });
            var after = ds.Snapshot();
            int changed = 0;
            foreach (var pair in before)
            {
                if (after[pair.Key] != pair.Value)
                {
                    changed++;
                    // Each changed file parses, and its backup is the original.
                    Load(ds.File(pair.Key));
                    Assert.Equal(pair.Value, FileHashing.Sha256(run.Backups.GetBackupPath(ds.File(pair.Key))));
                }
            }
            Assert.Equal(3, changed);
            Assert.Empty(Directory.EnumerateFiles(ds.Root, "*defacer-tmp*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Audit_FlagsDateLabels_Sourcedata_AndGzipHeaders()
        {
            using var ds = new ExampleDataset("ds000117");
            Directory.CreateDirectory(ds.File("sourcedata/dicom"));
            var gz = ds.File("sub-01/ses-meg/meg/physio.tsv.gz");
            using (var s = File.Create(gz))
            {
                // gzip member with FNAME "DOE_JOHN.tsv" and an MTIME.
                s.Write(new byte[] { 0x1f, 0x8b, 8, 0x08, 0x10, 0x20, 0x30, 0x40, 0, 3 });
                s.Write(Encoding.ASCII.GetBytes("DOE_JOHN.tsv\0"));
            }
            var run = new MetadataRun(ds.Root, new MetadataOptions());
            var plans = run.Plan(buildContent: false).ToList();

            Assert.Contains(run.DatasetFindings, f => f.Kind == FindingKind.FileName && f.Field == "ses-20090409");
            Assert.Contains(run.DatasetFindings, f => f.Kind == FindingKind.Folder && f.Field == "sourcedata/");
            var gzFinding = Assert.Single(run.DatasetFindings, f => f.Kind == FindingKind.GzipHeader);
            Assert.Contains("DOE_JOHN.tsv", gzFinding.ValuePreview);
            Assert.Contains(plans.SelectMany(p => p.Findings), f => f.Field == "StationName" && f.ValuePreview == "MRC35119");
        }

        [Fact]
        public void PseudonymizeDevice_IsUniqueAndStable()
        {
            using var ds = new ExampleDataset("ds004332");
            var options = Seeded();
            options.PseudonymizeDevice = true;
            RunAll(ds.Root, options);
            var serials = DatasetWalker.Enumerate(ds.Root, false).Where(f => f.Kind == MetadataFileKind.Json)
                .Select(f => (string?)Load(f.FullPath)["DeviceSerialNumber"]).Where(s => s != null).Distinct().ToList();
            var originals = DatasetWalker.Enumerate(Path.Combine(TestData.BidsExamples, "ds004332"), false).Where(f => f.Kind == MetadataFileKind.Json)
                .Select(f => (string?)Load(f.FullPath)["DeviceSerialNumber"]).Where(s => s != null).Distinct().ToList();
            Assert.NotEmpty(serials);
            Assert.Equal(originals.Count, serials.Count);
            Assert.All(serials, s => Assert.StartsWith("device-", s));
            Assert.True(File.Exists(Path.Combine(ds.Root, "sourcedata", "defacer", DevicePseudonyms.FileName)));
        }

        [Fact]
        public void ApplyBatch_AFileChangedAfterPlanning_IsReportedAndLeftAlone_TheOthersAreWritten()
        {
            using var ds = new ExampleDataset("ds004332");
            var run = new MetadataRun(ds.Root, Seeded());
            var plans = run.Plan(true).Where(p => p.HasChanges).Take(5).ToList();
            var changedMeanwhile = plans[2].File.FullPath;
            File.SetAttributes(changedMeanwhile, FileAttributes.Normal);   // the shared copies are read-only
            File.AppendAllText(changedMeanwhile, " ");   // another program writes between plan and apply
            var errors = new List<(MetadataFilePlan Plan, Exception Error)>();

            var changes = run.ApplyBatch(plans, (p, e) => errors.Add((p, e)));

            Assert.Equal(4, changes.Count);
            var error = Assert.Single(errors);
            Assert.Equal(changedMeanwhile, error.Plan.File.FullPath);
            Assert.Equal(SafetyErrorKind.ChangedSinceRead, Assert.IsType<SafetyException>(error.Error).Kind);
            Assert.EndsWith(" ", File.ReadAllText(changedMeanwhile));
            Assert.All(changes, c => Assert.DoesNotContain("InstitutionName", File.ReadAllText(c.Path)));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Derivatives_AreCleanedOnlyOnRequest_SourcedataAndDotFoldersNever(bool includeDerivatives)
        {
            using var ds = new ExampleDataset("qmri_mp2rage");
            const string leaky = "{\"PatientName\": \"DOE^JOHN\", \"EchoTime\": 0.01}";
            var derivative = ds.File("derivatives/pymp2rage/sub-1/anat/sub-1_T1map.json");
            var source = ds.File("sourcedata/dicom/sub-1/info.json");
            var hidden = ds.File(".heudiconv/1/info/filegroup.json");
            foreach (var path in new[] { derivative, source, hidden })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, leaky);
            }

            RunAll(ds.Root, new MetadataOptions { IncludeDerivatives = includeDerivatives });

            Assert.Equal(includeDerivatives ? "{\"EchoTime\": 0.01}" : leaky, File.ReadAllText(derivative));
            Assert.Equal(leaky, File.ReadAllText(source));
            Assert.Equal(leaky, File.ReadAllText(hidden));
            var findings = new MetadataRun(ds.Root, new MetadataOptions());
            findings.Plan(false).ToList();
            Assert.Contains(findings.DatasetFindings, f => f.Field == ".heudiconv/");
        }

        [Fact]
        public void NotADataset_Throws()
        {
            var dir = TestData.NewTempDir();
            try
            {
                Assert.Throws<MetadataDatasetException>(() => new MetadataRun(dir, new MetadataOptions()));
            }
            finally
            {
                Directory.Delete(dir);
            }
        }
    }
}
