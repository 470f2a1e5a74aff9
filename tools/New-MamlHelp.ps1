<#
.SYNOPSIS
    Writes the module's MAML help (en-US/Defacer.dll-Help.xml) from the cmdlets' XML documentation comments.

.DESCRIPTION
    Binary cmdlets get their Get-Help text from a MAML file beside the dll. Rather than keep a second copy of every
    description, the build derives it from the C# source: the class <summary> is the synopsis, <remarks> the
    description, each <example> (a <code> block followed by <para> text) an example, and each parameter property's
    <summary> the parameter text. Parameter metadata (type, position, pipeline input, aliases, sets) comes from
    the loaded cmdlets themselves, so the help cannot drift from the code.
    Runs in a fresh process (build.ps1 -Task Build), because a loaded binary module cannot be unloaded.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $XmlDocPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module $ModulePath -Force
[xml] $docs = Get-Content -Raw $XmlDocPath
$members = @{}
foreach ($m in $docs.doc.members.member) { $members[$m.name] = $m }

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Get-DocText {
    # Flattens a doc element to plain text: <see cref="T:X.Y"/> becomes Y, <c>x</c> becomes x, whitespace folds.
    param($Node)
    if ($null -eq $Node) { return '' }
    # The XML adapter returns a plain string for an element holding only text.
    $text = if ($Node -is [string]) { [System.Security.SecurityElement]::Escape($Node) } else { $Node.InnerXml }
    $text = [regex]::Replace($text, '<see (?:cref|langword)="(?:[A-Z]:)?([^"]+)"\s*/>', { param($m) ($m.Groups[1].Value -split '\.')[-1] })
    $text = [regex]::Replace($text, '<paramref name="([^"]+)"\s*/>', '-$1')
    $text = [regex]::Replace($text, '</para>', ' ')
    $text = [regex]::Replace($text, '<[^>]+>', '')
    $text = [System.Net.WebUtility]::HtmlDecode($text)
    return ([regex]::Replace($text, '\s+', ' ')).Trim()
}

function Get-MemberDoc {
    # The <tag> element of the doc comment of member <name> (e.g. 'T:Ns.Type'), or $null.
    param([string] $Name, [string] $Tag)
    $m = $members[$Name]
    if ($null -eq $m) { return $null }
    return $m.SelectSingleNode($Tag)
}

function Add-Element {
    param([System.Xml.XmlNode] $Parent, [string] $Name, [string] $Text)
    $prefix, $local = $Name -split ':'
    $ns = $script:ns[$prefix]
    $el = $script:doc.CreateElement($prefix, $local, $ns)
    if ($PSBoundParameters.ContainsKey('Text')) { $el.InnerText = $Text }
    $null = $Parent.AppendChild($el)
    return $el
}

function Add-Para {
    param([System.Xml.XmlNode] $Parent, [string] $Text)
    $desc = Add-Element $Parent 'maml:description'
    $null = Add-Element $desc 'maml:para' $Text
}

$script:ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$script:doc = New-Object System.Xml.XmlDocument
$null = $doc.AppendChild($doc.CreateXmlDeclaration('1.0', 'utf-8', $null))
$helpItems = $doc.CreateElement('helpItems', 'http://msh')
$helpItems.SetAttribute('schema', 'maml')
$null = $doc.AppendChild($helpItems)

foreach ($cmd in Get-Command -Module Defacer -CommandType Cmdlet | Sort-Object Name) {
    $type = $cmd.ImplementingType
    $typeDoc = $members["T:$($type.FullName)"]
    $command = Add-Element $helpItems 'command:command'
    foreach ($p in 'maml', 'command', 'dev') { $command.SetAttribute("xmlns:$p", $ns[$p]) }

    # Synopsis: the summary's first paragraph. Description: the summary's other paragraphs, then <remarks>.
    $summary = Get-MemberDoc "T:$($type.FullName)" 'summary'
    # @() outside the if: an if-expression unrolls an empty or one-element array to $null or a scalar.
    $summaryParas = @(if ($summary) { $summary.SelectNodes('para') })
    $synopsis = if ($summaryParas.Count) { Get-DocText $summaryParas[0] } else { Get-DocText $summary }
    $descriptionParas = [System.Collections.Generic.List[string]]::new()
    foreach ($para in ($summaryParas | Select-Object -Skip 1)) { $descriptionParas.Add((Get-DocText $para)) }
    $remarks = Get-MemberDoc "T:$($type.FullName)" 'remarks'
    if ($remarks) {
        $remarkParas = @($remarks.SelectNodes('para'))
        if ($remarkParas.Count -eq 0) { $descriptionParas.Add((Get-DocText $remarks)) }
        foreach ($para in $remarkParas) { $descriptionParas.Add((Get-DocText $para)) }
    }

    $details = Add-Element $command 'command:details'
    $null = Add-Element $details 'command:name' $cmd.Name
    Add-Para $details $synopsis
    $null = Add-Element $details 'command:verb' $cmd.Verb
    $null = Add-Element $details 'command:noun' $cmd.Noun

    $longDesc = Add-Element $command 'maml:description'
    foreach ($text in $descriptionParas) { $null = Add-Element $longDesc 'maml:para' $text }

    $paramDocs = @{}
    foreach ($p in $cmd.Parameters.Values) {
        if ($common -contains $p.Name) { continue }
        $prop = $type.GetProperty($p.Name)
        $declaring = if ($prop) { $prop.DeclaringType.FullName } else { $type.FullName }
        $paramDocs[$p.Name] = Get-DocText (Get-MemberDoc "P:$declaring.$($p.Name)" 'summary')
    }

    $syntax = Add-Element $command 'command:syntax'
    foreach ($set in $cmd.ParameterSets) {
        $item = Add-Element $syntax 'command:syntaxItem'
        $null = Add-Element $item 'maml:name' $cmd.Name
        foreach ($sp in $set.Parameters | Where-Object { $common -notcontains $_.Name }) {
            $pe = Add-Element $item 'command:parameter'
            $pe.SetAttribute('required', $sp.IsMandatory.ToString().ToLowerInvariant())
            $pe.SetAttribute('position', $(if ($sp.Position -ge 0) { [string]($sp.Position + 1) } else { 'named' }))
            $null = Add-Element $pe 'maml:name' $sp.Name
            if ($sp.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $pv = Add-Element $pe 'command:parameterValue' $sp.ParameterType.Name
                $pv.SetAttribute('required', 'true')
            }
        }
    }

    $parameters = Add-Element $command 'command:parameters'
    foreach ($p in $cmd.Parameters.Values | Where-Object { $common -notcontains $_.Name } | Sort-Object Name) {
        $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $pe = Add-Element $parameters 'command:parameter'
        $pe.SetAttribute('required', ([bool]($attrs | Where-Object Mandatory)).ToString().ToLowerInvariant())
        $byValue = [bool]($attrs | Where-Object ValueFromPipeline)
        $byName = [bool]($attrs | Where-Object ValueFromPipelineByPropertyName)
        $pipeline = if ($byValue -and $byName) { 'true (ByValue, ByPropertyName)' } elseif ($byValue) { 'true (ByValue)' } elseif ($byName) { 'true (ByPropertyName)' } else { 'false' }
        $pe.SetAttribute('pipelineInput', $pipeline)
        $positions = @($attrs | Where-Object { $_.Position -ge 0 } | ForEach-Object { $_.Position + 1 })
        $pe.SetAttribute('position', $(if ($positions.Count) { [string]$positions[0] } else { 'named' }))
        $pe.SetAttribute('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
        $null = Add-Element $pe 'maml:name' $p.Name
        Add-Para $pe $paramDocs[$p.Name]
        $pv = Add-Element $pe 'command:parameterValue' $p.ParameterType.Name
        $pv.SetAttribute('required', ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]).ToString().ToLowerInvariant())
        $typeEl = Add-Element $pe 'dev:type'
        $null = Add-Element $typeEl 'maml:name' $p.ParameterType.FullName
    }

    $outputs = Add-Element $command 'command:returnValues'
    foreach ($o in $cmd.OutputType) {
        $rv = Add-Element $outputs 'command:returnValue'
        $t = Add-Element $rv 'dev:type'
        $null = Add-Element $t 'maml:name' $o.Name
    }

    $examples = Add-Element $command 'command:examples'
    $i = 0
    if ($typeDoc) {
        foreach ($ex in $typeDoc.SelectNodes('example')) {
            $i++
            $exEl = Add-Element $examples 'command:example'
            $null = Add-Element $exEl 'maml:title' "-------------------------- Example $i --------------------------"
            $codeNode = $ex.SelectSingleNode('code')
            $code = if ($codeNode) { $codeNode.InnerText.Trim() } else { '' }
            $null = Add-Element $exEl 'dev:code' $code
            $remarksEl = Add-Element $exEl 'dev:remarks'
            foreach ($para in $ex.SelectNodes('para')) { $null = Add-Element $remarksEl 'maml:para' (Get-DocText $para) }
        }
    }
}

$dir = Split-Path $OutputPath
if (-not (Test-Path $dir)) { $null = New-Item -ItemType Directory -Path $dir }
$settings = New-Object System.Xml.XmlWriterSettings
$settings.Indent = $true
$settings.Encoding = New-Object System.Text.UTF8Encoding($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try { $doc.Save($writer) } finally { $writer.Dispose() }
